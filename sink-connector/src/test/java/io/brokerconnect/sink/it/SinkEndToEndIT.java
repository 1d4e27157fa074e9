package io.brokerconnect.sink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SQLite -> source connector -> Kafka -> sink connector -> PostgreSQL, on real parts. */
class SinkEndToEndIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static ConnectCluster cluster;
    private static Pipeline pipeline;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectCluster.builder("e2e").start();
        pipeline = new Pipeline(cluster);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void pipelineReproducesTheSqliteContentAndReplayChangesNothing(PostgresDatabase db) throws Exception {
        Path sqlite = dir.resolve("broker.sqlite3");
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(30_000).damagedRows(30).seed(21)
            .typesReversed(true).build());
        BrokerState expected = BrokerState.fromSqlite(sqlite);

        pipeline.startSource("e2e-source", sqlite, "e2e");
        // The source writes with the worker's JsonConverter; the sink reads with the fast wire-compatible converter.
        var sinkConfig = Pipeline.sinkConfig(db, "e2e", 2);
        sinkConfig.put("value.converter", "io.brokerconnect.common.convert.BrokerJsonConverter");
        sinkConfig.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        pipeline.startSink("e2e-sink", sinkConfig);
        Pipeline.awaitState(db, expected);
        BrokerState loaded = state(db);
        assertEquals(expected, loaded, "PostgreSQL equals SQLite under the spec's conversions");
        // The first load deferred the files indexes and foreign key; once caught up they are back and validated.
        Await.until(Pipeline.TIMEOUT, () -> firstLoadFinished(db), () -> "the first-load rebuild is done");
        try (Connection c = db.connect()) {
            io.brokerconnect.sink.schema.SchemaObjects.assertSpecSchema(c, "public");
        }
        String idsBefore = ids(db);

        // Replay: stop the sink, rewind its offsets to the beginning of every topic, resume.
        cluster.connect().stopConnector("e2e-sink");
        cluster.connect().assertions().assertConnectorIsStopped("e2e-sink", "sink did not stop");
        cluster.connect().resetConnectorOffsets("e2e-sink");
        cluster.connect().resumeConnector("e2e-sink");
        cluster.connect().assertions().assertConnectorAndAtLeastNumTasksAreRunning("e2e-sink", 1, "sink did not resume");
        Await.until(Pipeline.TIMEOUT, () -> cluster.sinkCommittedSum("e2e-sink", "e2e.meta")
            >= cluster.endOffsetSum("e2e.meta"), () -> "the replay reaches the end of e2e.meta");
        Await.until(Pipeline.TIMEOUT, () -> cluster.sinkCommittedSum("e2e-sink", "e2e.files")
            >= cluster.endOffsetSum("e2e.files"), () -> "the replay reaches the end of e2e.files");
        assertEquals(loaded, state(db), "replaying every topic from the beginning changes nothing");
        assertEquals(idsBefore, ids(db), "not even the ids");
        cluster.connect().deleteConnector("e2e-sink");
        cluster.connect().deleteConnector("e2e-source");
    }

    @Test
    void badRecordGoesToTheDeadLetterQueueAndTheRestStillLands(PostgresDatabase db) throws Exception {
        Path sqlite = dir.resolve("dlq.sqlite3");
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(5_000).seed(22).build());
        BrokerState expected = BrokerState.fromSqlite(sqlite);
        pipeline.startSource("dlq-source", sqlite, "dlq");
        Await.until(Pipeline.TIMEOUT, () -> cluster.endOffsetSum("dlq.files") >= 5_000, () -> "files are in Kafka");

        // A record with a well-formed envelope but a negative size cannot be written; another is not broker data.
        String badFile = "{\"schema\":{\"type\":\"struct\",\"name\":\"io.brokerconnect.broker.File\",\"version\":1,"
            + "\"fields\":[{\"field\":\"project\",\"type\":\"string\"},{\"field\":\"collector\",\"type\":\"string\"},"
            + "{\"field\":\"data_type\",\"type\":\"string\"},{\"field\":\"timestamp\",\"type\":\"int64\","
            + "\"name\":\"org.apache.kafka.connect.data.Timestamp\",\"version\":1},{\"field\":\"rough_size\","
            + "\"type\":\"int64\"},{\"field\":\"exact_size\",\"type\":\"int64\"}]},\"payload\":{\"project\":\"ripe-ris\","
            + "\"collector\":\"rrc00\",\"data_type\":\"rib\",\"timestamp\":1700000000000,\"rough_size\":-5,"
            + "\"exact_size\":1}}";
        String notOurs = "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"hello\"}";
        String key = "{\"schema\":{\"type\":\"string\"},\"payload\":\"injected\"}";
        cluster.connect().kafka().produce("dlq.files", 0, key, badFile);
        cluster.connect().kafka().produce("dlq.files", 1, key, notOurs);

        pipeline.startSink("dlq-sink", Pipeline.sinkConfig(db, "dlq", 1));
        Pipeline.awaitState(db, expected);
        assertEquals(expected, state(db), "every good record landed");
        ConsumerRecords<byte[], byte[]> dead = cluster.connect().kafka().consume(2, Pipeline.TIMEOUT.toMillis(), "dlq.dlq");
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            Header message = record.headers().lastHeader("__connect.errors.exception.message");
            assertNotNull(message, "the DLQ record carries the reason");
            reasons.add(new String(message.value(), StandardCharsets.UTF_8));
        }
        assertEquals(2, reasons.size(), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("sizes must not be negative")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("has no Connect schema")
            || r.contains("unexpected value schema")), reasons.toString());
        cluster.connect().deleteConnector("dlq-sink");
        cluster.connect().deleteConnector("dlq-source");
    }

    @Test
    void tamperedMigrationStopsTheTaskWithAClearError(PostgresDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
        var config = Pipeline.sinkConfig(db, "tamper", 1);
        pipeline.startSink("tamper-sink", config);
        cluster.connect().deleteConnector("tamper-sink");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE broker_connect_schema_history SET checksum = checksum + 1 WHERE version = '1'");
        }
        cluster.connect().configureConnector("tamper-sink", config);
        cluster.connect().assertions().assertConnectorIsRunningAndTasksHaveFailed("tamper-sink", 1,
            "a changed migration must stop the task");
        String trace = cluster.connect().connectorStatus("tamper-sink").tasks().get(0).trace();
        assertTrue(trace.contains("checksum mismatch") || trace.contains("Checksum"), trace);
        assertTrue(trace.contains("never change applied migrations"), trace);
        cluster.connect().deleteConnector("tamper-sink");
    }

    private static boolean firstLoadFinished(PostgresDatabase db) {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM broker_connect_first_load")) {
            rs.next();
            return rs.getLong(1) == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static BrokerState state(PostgresDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            return BrokerState.fromPostgres(c, "public");
        }
    }

    private static String ids(PostgresDatabase db) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 'c' || id || name FROM collectors UNION ALL "
                 + "SELECT 'm' || id || update_ts FROM meta ORDER BY 1")) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
        return out.toString();
    }
}
