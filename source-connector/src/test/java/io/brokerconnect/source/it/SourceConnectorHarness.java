package io.brokerconnect.source.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.brokerconnect.common.model.TopicNames;
import io.brokerconnect.source.SqliteSourceConnector;
import io.brokerconnect.source.config.TopicCreationDefaults;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** Drives the source connector on an embedded Connect cluster through its REST API. */
final class SourceConnectorHarness {

    static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final ConnectCluster cluster;

    SourceConnectorHarness(ConnectCluster cluster) {
        this.cluster = cluster;
    }

    EmbeddedConnectCluster connect() {
        return cluster.connect();
    }

    static Map<String, String> connectorConfig(Path database, String prefix) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", SqliteSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("database.path", database.toString());
        config.put("topic.prefix", prefix);
        config.put("poll.interval.ms", "100");
        config.put("collectors.refresh.interval.ms", "1000");
        config.put("progress.log.interval.ms", "2000");
        config.putAll(TopicCreationDefaults.forPrefix(prefix, 3, 1));
        return config;
    }

    void start(String name, Map<String, String> config) throws InterruptedException {
        connect().configureConnector(name, config);
        connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "source connector did not start");
    }

    long endOffsetSum(String topic) {
        return cluster.endOffsetSum(topic);
    }

    /**
     * Waits until the committed source offsets stand exactly at these rowids: every row up to them is written.
     * Exact, not "at least", because after a renumbering the right position is below an older one.
     */
    void awaitCommittedRowids(String name, long filesRowid, long metaRowid) throws InterruptedException {
        Await.until(TIMEOUT, () -> {
            Map<String, Long> rowids = committedRowids(name);
            return rowids.getOrDefault("files", -1L) == filesRowid && rowids.getOrDefault("meta", -1L) == metaRowid;
        }, () -> "offsets of " + name + " reach files rowid " + filesRowid + " and meta rowid " + metaRowid
            + "; now " + committedRowids(name));
    }

    /** Table name to committed rowid, read through GET /connectors/{name}/offsets. */
    Map<String, Long> committedRowids(String name) {
        ConnectorOffsets offsets = connect().connectorOffsets(name);
        return offsets.offsets().stream().collect(Collectors.toMap(
            (ConnectorOffset o) -> (String) o.partition().get("table"),
            (ConnectorOffset o) -> ((Number) o.offset().get("rowid")).longValue()));
    }

    /** Asserts the topics hold every good row of the database, with the right key and value. */
    static void assertTopicsMatch(ExpectedContent expected, TopicContent actual, boolean exactlyOnce) {
        assertEquals(0, actual.recordsWithoutSourceHeaders, "every record says which table and rowid it came from");
        assertEquals(expected.files.size(), actual.files.size(), "number of distinct files");
        Map<String, String> missing = new HashMap<>(expected.files);
        missing.keySet().removeAll(actual.files.keySet());
        assertEquals(Map.of(), limit(missing), "files in SQLite but not in the topic");
        assertEquals(expected.files, actual.files, "file values");
        if (exactlyOnce) {
            assertEquals(0, actual.duplicateFileRecords(), "files emitted more than once");
        }
        assertEquals(expected.meta, actual.meta, "meta rows");
        assertEquals(expected.collectors, actual.collectors, "collectors");
    }

    private static Map<String, String> limit(Map<String, String> map) {
        return map.entrySet().stream().limit(10).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    static TopicNames topics(String prefix) {
        return new TopicNames(prefix);
    }
}
