package io.brokerconnect.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.deploy.DeployFiles.ConnectorFile;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GenerationReport;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The component archives, unpacked into a {@code plugin.path} directory, run in a real Connect worker: a separate
 * JVM started from connect-runtime's main class on Kafka's jars only (no broker-connect class, no sqlite-jdbc,
 * PostgreSQL driver or Flyway on its class path), so every connector class and dependency comes through the
 * plugin class loaders, isolated as in production. The worker runs the shipped worker and connector files, with
 * only the machine-specific values replaced, and migrates a generated broker database into a real PostgreSQL.
 *
 * <p>Packaging mistakes show up here: a dependency missing from an archive (the worker has nothing but Kafka's
 * jars to fall back on), or a plugin's copy of something the worker also loads (Jackson modules, slf4j) that breaks
 * at task start with service-loader or linkage errors. Either fails the worker's validation, a task, or the check
 * that the worker logged no ERROR and no ServiceConfigurationError.
 */
class ConnectWorkerProcessIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final Duration MIGRATION = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    /** Distributed mode with compose/connect-distributed.properties and connect/*.json through the REST API. */
    @Test
    void distributedWorkerRunsTheArchivesFromPluginPathAndMigratesABrokerDatabase(PostgresDatabase db)
        throws Exception {
        Migration migration = prepare();
        withKafka(kafka -> {
            int port = WorkerSession.freeLoopbackPort();
            Map<String, String> worker = new LinkedHashMap<>(
                DeployFiles.properties("compose/connect-distributed.properties"));
            worker.put("bootstrap.servers", kafka.bootstrapServers());
            worker.put("listeners", "http://127.0.0.1:" + port);
            worker.put("rest.advertised.host.name", "127.0.0.1");
            worker.put("rest.advertised.port", Integer.toString(port));
            worker.put("plugin.path", migration.plugins().toString());
            worker.put("offset.flush.interval.ms", "1000");
            Path workerFile = ConnectWorkerProcess.writeProperties(dir.resolve("connect-distributed.properties"), worker);

            WorkerSession.run(dir, ConnectWorkerProcess.DISTRIBUTED, "distributed", List.of(workerFile), port,
                session -> {
                    session.deploy(ShippedConnectors.source(migration.sqlite()));
                    session.deploy(ShippedConnectors.sink(db, dir));
                    awaitMigration(session, db, migration, kafka);
                });
        });
    }

    /** Standalone mode with the three files of standalone/. */
    @Test
    void standaloneWorkerRunsTheShippedPropertiesFilesAndMigratesABrokerDatabase(PostgresDatabase db)
        throws Exception {
        Migration migration = prepare();
        withKafka(kafka -> {
            int port = WorkerSession.freeLoopbackPort();
            Map<String, String> worker = new LinkedHashMap<>(
                DeployFiles.properties("standalone/connect-standalone.properties"));
            worker.put("bootstrap.servers", kafka.bootstrapServers());
            worker.put("listeners", "http://127.0.0.1:" + port);
            worker.put("plugin.path", migration.plugins().toString());
            worker.put("offset.storage.file.filename", dir.resolve("connect.offsets").toString());
            worker.put("offset.flush.interval.ms", "1000");
            Path workerFile = ConnectWorkerProcess.writeProperties(dir.resolve("connect-standalone.properties"), worker);
            Path sourceFile = connectorProperties("standalone/source-connector.properties",
                ShippedConnectors.source(migration.sqlite()));
            Path sinkFile = connectorProperties("standalone/sink-connector.properties",
                ShippedConnectors.sink(db, dir));

            WorkerSession.run(dir, ConnectWorkerProcess.STANDALONE, "standalone",
                List.of(workerFile, sourceFile, sinkFile), port, session -> awaitMigration(session, db, migration, kafka));
        });
    }

    /** The worker's class path really lacks every broker-connect class and connector dependency. */
    @Test
    void workerClassPathHoldsKafkaOnly() throws IOException {
        List<String> jars;
        try (var files = Files.list(WorkerSession.workerLibs())) {
            jars = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("connect-runtime-")), jars.toString());
        for (String forbidden : List.of("broker-connect", "sqlite-jdbc", "postgresql", "flyway", "checker-qual")) {
            assertTrue(jars.stream().noneMatch(j -> j.startsWith(forbidden)), forbidden + " in " + jars);
        }
    }

    /** The unpacked archives and a generated broker database with what its migration must produce. */
    private record Migration(Path plugins, Path sqlite, GenerationReport report, BrokerCatalog expected) {

        long damagedRows() {
            return report.damaged().values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private interface KafkaSteps {
        void run(EmbeddedKafkaCluster kafka) throws Exception;
    }

    private Migration prepare() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginArchives.unpack(PluginArchives.source(), plugins);
        PluginArchives.unpack(PluginArchives.sink(), plugins);
        Path sqlite = dir.resolve("bgpkit_broker.sqlite3");
        GenerationReport report = BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(5_000)
            .damagedRows(32).seed(4).build());
        return new Migration(plugins, sqlite, report, BrokerCatalog.expectedFrom(report, sqlite));
    }

    /** A KRaft broker in this JVM (the worker connects to it over TCP like to any broker), always stopped. */
    private static void withKafka(KafkaSteps steps) throws Exception {
        Properties broker = new Properties();
        broker.put("auto.create.topics.enable", "false");
        // exactly-once source delivery (enabled in the distributed worker file) writes through transactions
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, broker);
        kafka.start();
        try {
            steps.run(kafka);
        } finally {
            kafka.stop();
        }
    }

    /** A shipped standalone connector file with the values of {@code connector}, written for connect-standalone. */
    private Path connectorProperties(String shipped, ConnectorFile connector) throws IOException {
        Map<String, String> values = new LinkedHashMap<>(DeployFiles.properties(shipped));
        assertEquals(connector.name(), values.get("name"), shipped);
        values.putAll(connector.config());
        return ConnectWorkerProcess.writeProperties(dir.resolve(Path.of(shipped).getFileName()), values);
    }

    /**
     * Waits until PostgreSQL holds the generated database and the first load has finished, failing at once when
     * the worker exits or a connector or task fails; then checks that every damaged row went to the errors topic.
     */
    private static void awaitMigration(WorkerSession session, PostgresDatabase db, Migration migration,
        EmbeddedKafkaCluster kafka) throws Exception {
        BrokerCatalog expected = migration.expected();
        BrokerCatalog[] last = new BrokerCatalog[1];
        Await.until(MIGRATION, () -> {
            session.assertHealthy("broker-sqlite-source", "broker-postgres-sink");
            last[0] = BrokerCatalog.inPostgresOrNull(db);
            return expected.equals(last[0]) && BrokerCatalog.firstLoadFinished(db);
        }, () -> "PostgreSQL holds " + expected.describe() + " and the first load finished; last seen "
            + (last[0] == null ? "no tables" : last[0].describe() + ", latest rows equal: "
            + expected.latest().equals(last[0].latest())));
        assertEquals(migration.damagedRows(), kafka.consumeAll(MIGRATION.toMillis(), "broker.errors").count(),
            "every damaged row is reported on the errors topic");
    }
}
