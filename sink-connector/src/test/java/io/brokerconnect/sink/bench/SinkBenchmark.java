package io.brokerconnect.sink.bench;

import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.config.PostgresSinkConfig;
import io.brokerconnect.sink.config.SchemaManagement;
import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.layout.TargetLayouts;
import io.brokerconnect.sink.schema.SchemaManager;
import io.brokerconnect.source.SqliteSourceConnector;
import io.brokerconnect.source.config.TopicCreationDefaults;
import io.brokerconnect.testkit.connect.ConnectCluster;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresServer;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;

/**
 * Sink benchmark on this machine, all in one run: N broker files are put in Kafka by the source connector, then
 * <ol>
 *   <li>our sink loads them into an empty database (the spec's files table ends with every index and a validated
 *       foreign key),</li>
 *   <li>our sink replays the whole topic onto the loaded database,</li>
 *   <li>PostgreSQL's own COPY loads the same rows into the same empty, indexed table (the baseline),</li>
 *   <li>Debezium's JDBC sink consumes the same topic into a plain table in upsert mode (the peer; skipped when its
 *       plugin directory has not been built).</li>
 * </ol>
 * Run with {@code bench/sink.sh [rows]}. PostgreSQL runs with its default settings.
 */
public final class SinkBenchmark {

    private static final String PREFIX = "bench";
    /** The topics' format, as the shipped configs set it; -Dbench.converter=...BrokerJsonConverter for JSON envelopes. */
    private static final String CONVERTER = System.getProperty("bench.converter",
        "io.brokerconnect.common.convert.BrokerBinaryConverter");

    private final long rows;
    private final ConnectCluster cluster;
    private final PostgresServer postgres;

    private SinkBenchmark(long rows, ConnectCluster cluster, PostgresServer postgres) {
        this.rows = rows;
        this.cluster = cluster;
        this.postgres = postgres;
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
        List<String> phases = List.of((args.length > 1 ? args[1] : "ours,copy,debezium").split(","));
        Path work = Files.createDirectories(Path.of("target", "bench"));
        Path sqlite = work.resolve("bench-" + rows + ".sqlite3");
        if (!Files.exists(sqlite)) {
            BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(rows).seed(42).build());
        }
        Path debeziumPlugins = Path.of("..", "bench", "debezium", "target", "plugins").toAbsolutePath().normalize();
        ConnectCluster.Builder builder = ConnectCluster.builder("sink-bench");
        if (Files.isDirectory(debeziumPlugins)) {
            builder.workerProp("plugin.path", debeziumPlugins.toString());
        }
        try (PostgresServer postgres = PostgresServer.builder().ignoreEnvironment().start();
             ConnectCluster cluster = builder.start()) {
            SinkBenchmark benchmark = new SinkBenchmark(rows, cluster, postgres);
            benchmark.fillTopics(sqlite);
            PostgresDatabase ours = postgres.createDatabase("ours");
            if (phases.contains("noop")) {
                benchmark.noopCeiling();
            }
            if (phases.contains("ours")) {
                benchmark.oursFirstLoadAndReplay(ours, LayoutName.SPEC);
            }
            for (LayoutName upstream : List.of(LayoutName.BROKER, LayoutName.MRT)) {
                if (phases.contains("ours-" + upstream.configValue())) {
                    benchmark.oursFirstLoadAndReplay(postgres.createDatabase("ours_" + upstream.configValue()), upstream);
                }
            }
            if (phases.contains("copy")) {
                benchmark.copyBaseline(ours, false);
            }
            if (phases.contains("copy-bare")) {
                benchmark.copyBaseline(ours, true);
            }
            if (phases.contains("debezium")) {
                if (Files.isDirectory(debeziumPlugins)) {
                    benchmark.debezium();
                } else {
                    System.out.println("SKIPPED debezium: build its plugin directory first (bench/sink.sh does)");
                }
            }
        }
    }

    private void fillTopics(Path sqlite) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", SqliteSourceConnector.class.getName());
        config.put("database.path", sqlite.toAbsolutePath().toString());
        config.put("topic.prefix", PREFIX);
        config.put("key.converter", CONVERTER);
        config.put("value.converter", CONVERTER);
        config.put("producer.override.linger.ms", "20");
        config.put("producer.override.batch.size", "1048576");
        config.put("producer.override.compression.type", "lz4");
        config.putAll(TopicCreationDefaults.forPrefix(PREFIX, 8, 1));
        long start = System.nanoTime();
        cluster.connect().configureConnector("bench-source", config);
        await(() -> endOffsets(PREFIX + ".files") >= rows);
        cluster.connect().stopConnector("bench-source");
        System.out.printf("topics filled: %,d files records in %.1f s%n", endOffsets(PREFIX + ".files"), seconds(start));
    }

    /** Our sink into an empty database of the given layout: first load, then a replay of every record. */
    private void oursFirstLoadAndReplay(PostgresDatabase db, LayoutName layoutName) throws Exception {
        TargetLayout layout = TargetLayouts.create(layoutName, new Identifier("public"));
        String label = "ours" + (layoutName == LayoutName.SPEC ? "" : " (" + layoutName.configValue() + " layout)");
        // A consumer group per layout: a deleted connector's committed offsets stay with its name.
        String connector = layoutName == LayoutName.SPEC ? "bench-sink" : "bench-sink-" + layoutName.configValue();
        Map<String, String> config = new HashMap<>();
        config.put("target.layout", layoutName.configValue());
        config.put("connector.class", "io.brokerconnect.sink.PostgresSinkConnector");
        config.put("tasks.max", System.getProperty("bench.sink.tasks", "2"));
        config.put("topics", PREFIX + ".collectors," + PREFIX + ".files," + PREFIX + ".meta");
        config.put("connection.url", db.jdbcUrl());
        config.put("connection.user", db.user());
        config.put("connection.password", db.password());
        config.put("connection.sslmode", "disable");
        config.put("batch.size", System.getProperty("bench.sink.batch", "10000"));
        putConsumerSettings(config);
        config.put("value.converter", CONVERTER);
        long start = System.nanoTime();
        cluster.connect().configureConnector(connector, config);
        SteadyRate loading = awaitCommitted(connector);
        await(() -> countOrMinusOne(db, "SELECT count(*) FROM " + layout.firstLoadStateTable()) == 0);
        double firstLoad = seconds(start);
        long count = count(db, "SELECT count(*) FROM " + layout.filesTable());
        System.out.printf("RESULT " + label + " first load: %,d files into empty tables in %.1f s = %,.0f rows/s (including "
            + "the index rebuild and foreign key validation at the end; steady %,.0f rows/s while loading)%n", count,
            firstLoad, count / firstLoad, loading.rowsPerSecond());
        System.out.println("timeline " + label + " first load: " + loading.timeline());

        cluster.connect().stopConnector(connector);
        cluster.connect().resetConnectorOffsets(connector);
        start = System.nanoTime();
        cluster.connect().resumeConnector(connector);
        SteadyRate replaying = awaitCommitted(connector);
        double replay = seconds(start);
        System.out.printf("RESULT " + label + " replay: %,d records onto existing rows in %.1f s = %,.0f rows/s (steady %,.0f "
            + "rows/s between 10%% and 90%%; files now %,d)%n", endOffsets(PREFIX + ".files"), replay,
            endOffsets(PREFIX + ".files") / replay, replaying.rowsPerSecond(),
            count(db, "SELECT count(*) FROM " + layout.filesTable()));
        System.out.println("timeline " + label + " replay: " + replaying.timeline());
        printTaskMetrics(connector);
        cluster.connect().deleteConnector(connector);
    }

    /**
     * Connect's ceiling: a sink with our converters and consumer settings whose put() drops the records. Whatever
     * our sink does in PostgreSQL comes on top of this.
     */
    private void noopCeiling() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", NoopSinkConnector.class.getName());
        config.put("tasks.max", System.getProperty("bench.sink.tasks", "2"));
        config.put("topics", PREFIX + ".files");
        putConsumerSettings(config);
        // -Dbench.noop.value.converter=org.apache.kafka.connect.converters.ByteArrayConverter: no decoding at all
        config.put("value.converter", System.getProperty("bench.noop.value.converter", CONVERTER));
        long start = System.nanoTime();
        cluster.connect().configureConnector("bench-noop", config);
        SteadyRate rate = awaitCommitted("bench-noop");
        double seconds = seconds(start);
        System.out.printf("RESULT no-op sink (Connect consume + convert only, %s): %,d records in %.1f s = %,.0f rows/s "
            + "(steady %,.0f rows/s between 10%% and 90%%)%n", config.get("value.converter"),
            endOffsets(PREFIX + ".files"), seconds, endOffsets(PREFIX + ".files") / seconds, rate.rowsPerSecond());
        System.out.println("timeline no-op: " + rate.timeline());
        printTaskMetrics("bench-noop");
        cluster.connect().deleteConnector("bench-noop");
    }

    /** What our sink and the no-op sink share, so that the no-op run measures Connect under our sink's settings. */
    private static void putConsumerSettings(Map<String, String> config) {
        // deploy/'s batch size: larger polls make the records in flight outgrow the CPU caches and lengthen GC pauses
        config.put("consumer.override.max.poll.records", System.getProperty("bench.sink.batch", "10000"));
        config.put("consumer.override.max.partition.fetch.bytes", "8388608");
        config.put("consumer.override.heartbeat.interval.ms", "500"); // as deploy/ recommends; README explains
        // The sink reads values only; keys and headers are passed through as bytes, unparsed.
        config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    }

    /** Connect's own sink task metrics: how long put() takes versus the whole loop, and batch sizes. */
    private static void printTaskMetrics(String connector) throws Exception {
        var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        for (var name : server.queryNames(new javax.management.ObjectName(
            "kafka.connect:type=sink-task-metrics,connector=" + connector + ",task=*"), null)) {
            System.out.printf("metrics %s: put-batch-avg-time-ms=%s put-batch-max-time-ms=%s "
                    + "sink-record-read-rate=%s sink-record-send-rate=%s sink-record-send-total=%s partition-count=%s%n",
                name.getKeyProperty("task"), server.getAttribute(name, "put-batch-avg-time-ms"),
                server.getAttribute(name, "put-batch-max-time-ms"), server.getAttribute(name, "sink-record-read-rate"),
                server.getAttribute(name, "sink-record-send-rate"), server.getAttribute(name, "sink-record-send-total"),
                server.getAttribute(name, "partition-count"));
        }
        for (var name : server.queryNames(new javax.management.ObjectName(
            "kafka.connect:type=task-metrics,connector=" + connector + ",task=*"), null)) {
            System.out.printf("metrics %s: batch-size-avg=%s running-ratio=%s%n", name.getKeyProperty("task"),
                server.getAttribute(name, "batch-size-avg"), server.getAttribute(name, "running-ratio"));
        }
    }

    /**
     * PostgreSQL's own COPY of the same rows into the same empty spec table: indexed and foreign-keyed, or (bare)
     * with its primary key, indexes and foreign key dropped first and built again after the COPY, timed together:
     * what a one-shot bulk loader does.
     */
    private void copyBaseline(PostgresDatabase ours, boolean bare) throws Exception {
        PostgresDatabase db = postgres.createDatabase(bare ? "copy_bare_baseline" : "copy_baseline");
        Map<String, String> props = Map.of("connection.url", db.jdbcUrl(), "connection.user", db.user(),
            "connection.password", db.password(), "connection.sslmode", "disable");
        PostgresSinkConfig config = new PostgresSinkConfig(props, Map.of());
        new SchemaManager(config.connection(), new PostgresConnections(config.connection(), "bench"))
            .apply(SchemaManagement.MIGRATE);
        Path rowsFile = Path.of("target", "bench", "files.copy");
        try (Connection from = ours.connect(); Connection to = db.connect();
             OutputStream out = Files.newOutputStream(rowsFile)) {
            from.unwrap(PGConnection.class).getCopyAPI().copyOut(
                "COPY (SELECT id, project, name, url, updates_interval FROM collectors) TO STDOUT", out);
        }
        try (Connection to = db.connect(); InputStream in = Files.newInputStream(rowsFile)) {
            to.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY collectors (id, project, name, url, updates_interval) FROM STDIN", in);
        }
        try (Connection from = ours.connect(); OutputStream out = Files.newOutputStream(rowsFile)) {
            from.unwrap(PGConnection.class).getCopyAPI().copyOut(
                "COPY (SELECT ts, collector_id, data_type, rough_size, exact_size FROM files) TO STDOUT", out);
        }
        List<String> restore = bare ? dropFilesConstraintsAndIndexes(db) : List.of();
        long start = System.nanoTime();
        long copied;
        try (Connection to = db.connect(); InputStream in = Files.newInputStream(rowsFile)) {
            copied = to.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY files (ts, collector_id, data_type, rough_size, exact_size) FROM STDIN", in);
            try (Statement s = to.createStatement()) {
                s.execute("SET maintenance_work_mem = '512MB'");
                for (String statement : restore) {
                    s.execute(statement);
                }
                s.execute("ANALYZE files");
            }
        }
        double seconds = seconds(start);
        System.out.printf("RESULT PostgreSQL COPY baseline%s: %,d files in %.1f s = %,.0f rows/s%n",
            bare ? " (COPY into the bare table, then primary key, indexes, foreign key, ANALYZE)"
                : " (into the empty indexed table)", copied, seconds, copied / seconds);
        Files.deleteIfExists(rowsFile);
    }

    /** Drops the files table's constraints and indexes; returns the statements that restore them, in order. */
    private static List<String> dropFilesConstraintsAndIndexes(PostgresDatabase db) throws Exception {
        List<String> restore = new java.util.ArrayList<>();
        List<String> drop = new java.util.ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE conrelid = 'files'::regclass ORDER BY contype = 'f', conname")) {
                while (rs.next()) {
                    restore.add("ALTER TABLE files ADD CONSTRAINT \"" + rs.getString(1) + "\" " + rs.getString(2));
                    drop.add(0, "ALTER TABLE files DROP CONSTRAINT \"" + rs.getString(1) + "\"");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                + "FROM pg_index i WHERE i.indrelid = 'files'::regclass AND NOT EXISTS "
                + "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)")) {
                while (rs.next()) {
                    restore.add(restore.size() - 1, rs.getString(2)); // before the foreign key
                    drop.add("DROP INDEX " + rs.getString(1));
                }
            }
            for (String statement : drop) {
                s.execute(statement);
            }
        }
        return restore;
    }

    /** Debezium's JDBC sink, upsert mode, into a plain table it creates itself. */
    private void debezium() throws Exception {
        PostgresDatabase db = postgres.createDatabase("debezium");
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        config.put("tasks.max", "2");
        config.put("topics", PREFIX + ".files");
        config.put("connection.url", db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "sslmode=disable");
        config.put("connection.username", db.user());
        config.put("connection.password", db.password());
        config.put("insert.mode", "upsert");
        config.put("primary.key.mode", "record_key");
        config.put("schema.evolution", "basic");
        config.put("table.name.format", "debezium_files");
        // Debezium reads Connect Structs, whatever the topic's format: this converter reads JSON and binary records.
        config.put("key.converter", "io.brokerconnect.common.convert.BrokerJsonConverter");
        config.put("value.converter", "io.brokerconnect.common.convert.BrokerJsonConverter");
        config.put("batch.size", "10000");
        config.put("consumer.override.max.poll.records", "10000");
        config.put("consumer.override.heartbeat.interval.ms", "500");
        long start = System.nanoTime();
        cluster.connect().configureConnector("bench-debezium", config);
        SteadyRate rate = awaitCommitted("bench-debezium");
        double seconds = seconds(start);
        long count = count(db, "SELECT count(*) FROM debezium_files");
        System.out.printf("RESULT Debezium JDBC sink 3.5.0.Final (upsert, plain table): %,d rows in %.1f s = "
            + "%,.0f rows/s (steady %,.0f rows/s between 10%% and 90%%)%n", count, seconds, count / seconds,
            rate.rowsPerSecond());
        cluster.connect().deleteConnector("bench-debezium");
    }

    /** Progress is polled through the cluster's one reused client: a client per poll costs the benchmark CPU. */
    private long endOffsets(String topic) {
        return cluster.endOffsetSum(topic);
    }

    private long committed(String connector, String topic) {
        return cluster.sinkGroupCommittedSum(connector, topic);
    }

    private static long countOrMinusOne(PostgresDatabase db, String sql) {
        try {
            return count(db, sql);
        } catch (Exception e) {
            return -1;
        }
    }

    private static long count(PostgresDatabase db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits until the connector has committed every files record (the topic is complete before any sink runs). */
    private SteadyRate awaitCommitted(String connector) throws InterruptedException {
        long end = endOffsets(PREFIX + ".files");
        SteadyRate rate = new SteadyRate(connector, end);
        await(() -> {
            rate.sample();
            return committed(connector, PREFIX + ".files") >= end;
        });
        rate.committed();
        return rate;
    }

    /** Waits for the condition; fails fast when a connector's task has failed instead of waiting forever. */
    private void await(BooleanSupplier condition) throws InterruptedException {
        for (int polls = 1; !condition.getAsBoolean(); polls++) {
            if (polls % 20 == 0) {
                failIfAnyTaskFailed();
            }
            Thread.sleep(100);
        }
    }

    private void failIfAnyTaskFailed() {
        for (String connector : cluster.connect().connectors()) {
            var status = cluster.connect().connectorStatus(connector);
            status.tasks().stream().filter(t -> "FAILED".equals(t.state())).findFirst().ifPresent(t -> {
                throw new IllegalStateException("task " + connector + "-" + t.id() + " failed: " + t.trace());
            });
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
