package io.brokerconnect.cli.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.source.SqliteSourceConnector;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import io.brokerconnect.testkit.connect.TopicReader;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The REST client against a real Connect worker: lifecycle, offsets (KIP-875) and errors. */
@ExtendWith(SharedConnectCluster.class)
class ConnectRestClientIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private static ConnectCluster cluster;
    private static ConnectRestClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void connect(ConnectCluster shared) {
        cluster = shared;
        client = new ConnectRestClient(SharedConnectCluster.restUrl(cluster));
    }

    @Test
    void pauseResumeStopAlterAndResetOffsetsRoundTrip() throws Exception {
        Path sqlite = dir.resolve("rt.sqlite3");
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(3_000).seed(5).build());
        long filesMax = maxRowid(sqlite, "files");
        String name = "rt-source";

        ConnectorInfo created = client.create(name, PipelineConfigs.source(sqlite, "rt"));
        assertEquals(name, created.name());
        assertEquals(SqliteSourceConnector.class.getName(), created.connectorClass());
        ConnectorStatus running = client.awaitState(name, ConnectorState.RUNNING, TIMEOUT);
        assertEquals("source", running.type());
        assertTrue(client.connectorNames().contains(name));
        ConnectorOverview overview = client.connectors().get(name);
        assertEquals(SqliteSourceConnector.class.getName(), overview.info().connectorClass());
        assertEquals(ConnectorState.RUNNING, overview.status().state());

        Await.until(TIMEOUT, () -> filesRowid(name) == filesMax, () -> "the source's files offset reaches " + filesMax);
        assertEquals(filesMax, filesRowidSeenByKafkasOwnClient(name), "same offsets as Connect's test client reads");
        Await.until(TIMEOUT, () -> records("rt.files") == 3_000, () -> "3,000 files in rt.files");

        client.pause(name);
        ConnectorStatus paused = client.awaitState(name, ConnectorState.PAUSED, TIMEOUT);
        assertTrue(paused.tasks().stream().allMatch(t -> t.state() == ConnectorState.PAUSED), paused.toString());
        client.resume(name);
        client.awaitState(name, ConnectorState.RUNNING, TIMEOUT);

        client.stop(name);
        ConnectorStatus stopped = client.awaitState(name, ConnectorState.STOPPED, TIMEOUT);
        assertEquals(List.of(), stopped.tasks());

        String altered = client.alterOffsets(name, List.of(new ConnectorOffset(
            Map.of("v", 1, "table", "files"), Map.of("rowid", 10))));
        assertTrue(altered.toLowerCase().contains("success"), altered);
        assertEquals(10L, filesRowid(name));

        String reset = client.resetOffsets(name);
        assertTrue(reset.toLowerCase().contains("reset"), reset);
        assertEquals(List.of(), client.offsets(name), "no offsets after the reset");
        assertEquals(List.of(), cluster.connect().connectorOffsets(name).offsets());

        // Resumed from no offset, the source reads every row again: the topic gets a second copy of the files.
        client.resume(name);
        client.awaitState(name, ConnectorState.RUNNING, TIMEOUT);
        Await.until(TIMEOUT, () -> records("rt.files") == 6_000,
            () -> "the reset source re-emits every file (rt.files holds " + records("rt.files") + " records)");
        Await.until(TIMEOUT, () -> filesRowid(name) == filesMax, () -> "the files offset is back at " + filesMax);

        assertFalse(client.putConfig(name, withPollInterval(PipelineConfigs.source(sqlite, "rt"), "250")),
            "an existing connector is reconfigured, not created");
        assertEquals("250", client.config(name).get("poll.interval.ms"));
        assertEquals("250", client.info(name).config().get("poll.interval.ms"));

        client.delete(name);
        assertFalse(client.exists(name));
        ConnectRestException gone = assertThrows(ConnectRestException.class, () -> client.status(name));
        assertTrue(gone.isNotFound());
        assertTrue(gone.getMessage().startsWith("GET " + client.baseUrl() + "/connectors/rt-source/status: 404"),
            gone.getMessage());
    }

    @Test
    void errorsNameTheUrlAndStatus() throws Exception {
        Path sqlite = dir.resolve("err.sqlite3");
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(1_000).seed(6).build());
        String name = "err-source";
        assertTrue(client.putConfig(name, PipelineConfigs.source(sqlite, "err")), "PUT config creates it");
        try {
            ConnectRestException exists = assertThrows(ConnectRestException.class,
                () -> client.create(name, PipelineConfigs.source(sqlite, "err")));
            assertEquals(409, exists.statusCode());
            assertTrue(exists.getMessage().contains("POST " + client.baseUrl() + "/connectors: 409 Conflict"),
                exists.getMessage());
            assertTrue(exists.serverMessage().contains("already exists"), exists.serverMessage());

            // The connector's own validate() rejects a file that is not there; Connect answers 400.
            Map<String, String> bad = PipelineConfigs.source(dir.resolve("missing.sqlite3"), "err");
            ConnectRestException invalid = assertThrows(ConnectRestException.class,
                () -> client.putConfig("err-bad-source", bad));
            assertEquals(400, invalid.statusCode());
            assertTrue(invalid.getMessage().contains("missing.sqlite3"), invalid.getMessage());
        } finally {
            client.delete(name);
        }

        ConnectRestException unreachable = assertThrows(ConnectRestException.class,
            () -> new ConnectRestClient("http://127.0.0.1:9").connectorNames());
        assertEquals(0, unreachable.statusCode());
        assertTrue(unreachable.getMessage().startsWith("GET http://127.0.0.1:9/connectors: no response"),
            unreachable.getMessage());
        IllegalArgumentException notUrl = assertThrows(IllegalArgumentException.class,
            () -> new ConnectRestClient("localhost:8083"));
        assertTrue(notUrl.getMessage().contains("http://host:8083"), notUrl.getMessage());
    }

    /** Records in a topic (transaction markers do not count), read with a plain consumer. */
    private static long records(String topic) {
        try (TopicReader reader = new TopicReader(cluster.bootstrapServers(), false)) {
            return reader.readAll(topic, record -> { });
        }
    }

    private static Map<String, String> withPollInterval(Map<String, String> config, String value) {
        config.put("poll.interval.ms", value);
        return config;
    }

    private static long filesRowid(String name) {
        return client.offsets(name).stream()
            .filter(o -> "files".equals(o.partition().get("table")))
            .mapToLong(o -> o.offsetNumber("rowid")).findFirst().orElse(-1);
    }

    private static long filesRowidSeenByKafkasOwnClient(String name) {
        return cluster.connect().connectorOffsets(name).offsets().stream()
            .filter(o -> "files".equals(o.partition().get("table")))
            .mapToLong(o -> ((Number) o.offset().get("rowid")).longValue()).findFirst().orElse(-1);
    }

    static long maxRowid(Path sqlite, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(rowid) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
