package io.brokerconnect.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.brokerconnect.cli.connect.PipelineConfigs;
import io.brokerconnect.common.model.TopicNames;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import io.brokerconnect.testkit.postgres.PostgresServer;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GenerationReport;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One generated broker database goes through the real pipeline into upstream's two catalog layouts at once (two sink
 * connectors with target.layout broker and mrt, each into its own database); {@code verify --target-layout} must
 * call each a parity (sizes of 0 kept as 0, a collector without url stored with base_uri ''), and must report a
 * deleted file row and a changed size in a copy of the broker-layout database.
 */
class VerifyUpstreamLayoutsIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String PREFIX = "upstream";
    private static final AtomicInteger COPIES = new AtomicInteger();

    @TempDir
    static Path dir;

    private static ConnectCluster cluster;
    private static PostgresServer server;
    private static PostgresDatabase broker;
    private static PostgresDatabase mrt;
    private static Path sqlite;
    private static GenerationReport generated;

    @BeforeAll
    static void loadBothLayoutsThroughThePipeline(PostgresServer postgres) throws Exception {
        server = postgres;
        sqlite = dir.resolve("broker.sqlite3");
        generated = BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(6_000).damagedRows(12)
            .seed(47).build());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement s = c.createStatement()) {
            // The spec keeps a missing url as NULL; upstream's base_uri is NOT NULL, so the sink writes ''.
            s.execute("UPDATE collectors SET url = NULL WHERE name = 'rrc00'");
        }
        broker = server.createUniqueDatabase("upstream_broker");
        mrt = server.createUniqueDatabase("upstream_mrt");
        cluster = ConnectCluster.builder("upstream").start();
        cluster.connect().configureConnector("upstream-source", PipelineConfigs.source(sqlite, PREFIX));
        cluster.connect().configureConnector("broker-sink", sink(broker, "broker"));
        cluster.connect().configureConnector("mrt-sink", sink(mrt, "mrt"));

        TopicNames topics = new TopicNames(PREFIX);
        Await.until(TIMEOUT, () -> count(broker, "SELECT count(*) FROM broker.file") == generated.goodFileRows()
                && count(mrt, "SELECT count(*) FROM mrt.file") == generated.goodFileRows(),
            () -> "both layouts hold every good file (" + generated.goodFileRows() + ")");
        for (String sink : List.of("broker-sink", "mrt-sink")) {
            for (String topic : List.of(topics.collectors(), topics.files(), topics.meta())) {
                Await.until(TIMEOUT, () -> cluster.endOffsetSum(topic) > 0
                    && cluster.sinkCommittedSum(sink, topic) >= cluster.endOffsetSum(topic),
                    () -> sink + " has committed all of " + topic);
            }
        }
        Await.until(TIMEOUT, () -> count(broker, "SELECT count(*) FROM broker_connect.first_load") == 0
                && count(mrt, "SELECT count(*) FROM broker_connect.first_load") == 0,
            () -> "the first-load index rebuilds are done");
        cluster.connect().deleteConnector("broker-sink");
        cluster.connect().deleteConnector("mrt-sink");
        Await.until(TIMEOUT, () -> count(server.defaultDatabase(), "SELECT count(*) FROM pg_stat_activity WHERE datname "
            + "= '" + broker.name() + "'") == 0, () -> "the sink's sessions are gone, so broker can serve as a template");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theBrokerLayoutIsAParity() throws Exception {
        assertTrue(count(broker, "SELECT count(*) FROM broker.file WHERE rough_size = 0 OR exact_size = 0") > 0,
            "the generator writes some size-0 files, which the broker layout keeps as 0");
        assertEquals("", text(broker, "SELECT base_uri FROM broker.collector WHERE name = 'rrc00'"));
        assertParity(VerifyRun.of(sqlite, broker, dir.resolve("broker"), "--target-layout", "broker"));
    }

    @Test
    void theMrtLayoutIsAParity() throws Exception {
        assertParity(VerifyRun.of(sqlite, mrt, dir.resolve("mrt"), "--target-layout", "MRT"));
    }

    @Test
    void theSpecLayoutIsNotWhereTheUpstreamCatalogIs() throws Exception {
        VerifyRun run = VerifyRun.of(sqlite, broker, dir.resolve("spec"));
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("Schema 'public' has no table(s)"), run.err());
    }

    @Test
    void aDeletedFileRowInTheBrokerLayoutIsReported() throws Exception {
        PostgresDatabase copy = copyOf(broker);
        execute(copy, "DELETE FROM broker.file WHERE (ts_start, collector_id, data_type) = (SELECT ts_start, "
            + "collector_id, data_type FROM broker.file f JOIN broker.collector c USING (collector_id) "
            + "WHERE c.name = 'rrc01' AND f.data_type = 'updates' ORDER BY ts_start OFFSET 20 LIMIT 1)");
        VerifyRun run = VerifyRun.of(sqlite, copy, dir.resolve("deleted"), "--target-layout", "broker");
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(generated.goodFileRows() - 1, run.table("files").path("postgres").asLong());
        JsonNode mismatches = run.json().path("files").path("mismatches");
        assertEquals(1, mismatches.size(), mismatches.toString());
        JsonNode bucket = mismatches.get(0);
        assertEquals(List.of("ripe-ris", "rrc01", "updates", "row counts differ"), List.of(bucket.path("project").asText(),
            bucket.path("collector").asText(), bucket.path("type").asText(), bucket.path("problem").asText()));
        assertEquals("missing in PostgreSQL", bucket.path("samples").get(0).path("problem").asText(), bucket.toString());
    }

    @Test
    void aChangedSizeInTheBrokerLayoutIsReported() throws Exception {
        PostgresDatabase copy = copyOf(broker);
        execute(copy, "UPDATE broker.file SET exact_size = 424242 WHERE (ts_start, collector_id, data_type) = (SELECT "
            + "ts_start, collector_id, data_type FROM broker.file f JOIN broker.collector c USING (collector_id) "
            + "WHERE c.name = 'route-views2' AND f.data_type = 'updates' ORDER BY ts_start OFFSET 5 LIMIT 1)");
        VerifyRun run = VerifyRun.of(sqlite, copy, dir.resolve("size"), "--target-layout", "broker");
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(generated.goodFileRows(), run.table("files").path("postgres").asLong(), "same count, other content");
        JsonNode mismatches = run.json().path("files").path("mismatches");
        assertEquals(1, mismatches.size(), mismatches.toString());
        assertEquals("same row count, content differs", mismatches.get(0).path("problem").asText());
        JsonNode sample = mismatches.get(0).path("samples").get(0);
        assertEquals("exact_size differs", sample.path("problem").asText(), sample.toString());
        assertEquals(424242, sample.path("postgresExactSize").asLong());
    }

    private static void assertParity(VerifyRun run) {
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("RESULT: PARITY"), run.out());
        assertEquals(generated.goodFileRows(), run.table("files").path("expected").asLong());
        assertEquals(generated.goodFileRows(), run.table("files").path("postgres").asLong());
        assertEquals(generated.latestRows(), run.table("latest").path("postgres").asLong());
        assertTrue(run.table("meta").path("postgres").asLong() > 0, run.out());
        assertTrue(run.json().path("scope").path("notes").toString().contains("expected as 0"), run.json().toString());
    }

    private static Map<String, String> sink(PostgresDatabase db, String layout) {
        Map<String, String> config = PipelineConfigs.sink(db, PREFIX, 2);
        config.put("target.layout", layout);
        config.put("first.load.caught.up.after.ms", "500");
        return config;
    }

    private static PostgresDatabase copyOf(PostgresDatabase db) throws SQLException {
        String name = db.name() + "_copy" + COPIES.incrementAndGet();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE " + db.name());
        }
        return server.database(name);
    }

    private static void execute(PostgresDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate(sql), sql);
        }
    }

    private static String text(PostgresDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** -1 while the table does not exist yet (the sink creates it when its task starts). */
    private static long count(PostgresDatabase db, String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
