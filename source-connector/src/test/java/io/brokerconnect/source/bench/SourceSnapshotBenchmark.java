package io.brokerconnect.source.bench;

import io.brokerconnect.source.SqliteSourceConnector;
import io.brokerconnect.source.config.TopicCreationDefaults;
import io.brokerconnect.testkit.connect.ConnectCluster;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;

/**
 * Source-only snapshot benchmark: how fast the connector moves a broker database from SQLite into Kafka.
 * Runs a real KRaft broker and Connect worker in this JVM (so the reported peak heap covers broker, worker and
 * connector together), starts the connector on a generated database and times it until the committed offsets
 * reach the last rowid, i.e. until every row is durably in Kafka.
 *
 * <p>Run with {@code bench/source-snapshot.sh [rows]} (default 5,000,000).
 */
public final class SourceSnapshotBenchmark {

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
        String converter = args.length > 1 ? args[1] : "org.apache.kafka.connect.json.JsonConverter";
        Path work = Files.createDirectories(Path.of("target", "bench"));
        Path db = work.resolve("bench-" + rows + ".sqlite3");
        if (!Files.exists(db)) {
            long t0 = System.nanoTime();
            BrokerDatabaseGenerator.generate(GeneratorOptions.builder(db).fileRows(rows).seed(42).build());
            System.out.printf("generated %,d rows in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
        }
        long maxRowid;
        long metaMaxRowid;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            maxRowid = single(s, "SELECT max(rowid) FROM files");
            metaMaxRowid = single(s, "SELECT coalesce(max(rowid), 0) FROM meta");
        }
        ConnectCluster.Builder builder = ConnectCluster.builder("bench")
            .workerProp("key.converter", converter).workerProp("value.converter", converter);
        // extra worker properties, e.g. -Dbench.worker.topic.tracking.enable=false
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.worker."))
            .forEach(k -> builder.workerProp(k.substring("bench.worker.".length()), System.getProperty(k)));
        try (ConnectCluster cluster = builder.start()) {
            resetPeaks();
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", SqliteSourceConnector.class.getName());
            config.put("tasks.max", "1");
            config.put("database.path", db.toAbsolutePath().toString());
            config.put("topic.prefix", "bench");
            config.putAll(TopicCreationDefaults.forPrefix("bench", 8, 1));
            // extra connector properties, e.g. -Dbench.connector.producer.override.linger.ms=20
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.connector."))
                .forEach(k -> config.put(k.substring("bench.connector.".length()), System.getProperty(k)));
            System.out.println("connector config: " + config);
            HeapSampler heap = HeapSampler.start();
            long start = System.nanoTime();
            cluster.connect().configureConnector("bench", config);
            while (true) {
                Map<String, Long> committed = committed(cluster);
                if (committed.getOrDefault("files", 0L) >= maxRowid && committed.getOrDefault("meta", 0L) >= metaMaxRowid) {
                    break;
                }
                Thread.sleep(250);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            heap.close();
            System.out.printf("RESULT source snapshot: %,d files rows (+%,d meta) SQLite -> Kafka in %.1f s = %,.0f rows/s "
                    + "(converter %s); peak heap used %,d MiB, peak after GC %,d MiB (max heap %,d MiB; broker, worker "
                    + "and connector share this JVM)%n",
                maxRowid, metaMaxRowid, seconds, maxRowid / seconds, converter.substring(converter.lastIndexOf('.') + 1),
                heap.peakUsedBytes() >> 20, heap.peakAfterGcBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static Map<String, Long> committed(ConnectCluster cluster) {
        Map<String, Long> out = new HashMap<>();
        try {
            for (ConnectorOffset offset : cluster.connect().connectorOffsets("bench").offsets()) {
                out.put((String) offset.partition().get("table"), ((Number) offset.offset().get("rowid")).longValue());
            }
        } catch (RuntimeException e) {
            // the connector may not have committed anything yet
        }
        return out;
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void resetPeaks() {
        System.gc();
    }
}
