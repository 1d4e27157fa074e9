package io.brokerconnect.source.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.common.model.SourceErrorRecord;
import io.brokerconnect.common.model.TopicNames;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot of generated broker databases into a real Kafka through a real Connect worker. */
class SourceSnapshotIT {

    private static ConnectCluster cluster;
    private static SourceConnectorHarness harness;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectCluster.builder("snapshot").start();
        harness = new SourceConnectorHarness(cluster);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void snapshotOfTwoHundredThousandFilesEqualsTheDatabase() throws Exception {
        Path db = TestDatabases.generate(dir.resolve("broker.sqlite3"), 200_000, 0, 42);
        ExpectedContent expected = ExpectedContent.of(db);
        assertTrue(expected.files.size() >= 200_000, "generated " + expected.files.size());
        TopicNames topics = SourceConnectorHarness.topics("snap");

        harness.start("snapshot-source", SourceConnectorHarness.connectorConfig(db, "snap"));
        harness.awaitCommittedRowids("snapshot-source", expected.maxFilesRowid, expected.maxMetaRowid);

        TopicContent actual = TopicContent.read(cluster.bootstrapServers(), topics, false);
        SourceConnectorHarness.assertTopicsMatch(expected, actual, true);
        assertEquals(expected.files.size(), actual.fileRecords, "every file exactly once");
        assertTrue(actual.errors.isEmpty(), "a clean database produces no error records: " + actual.errors);
        assertTopicSettings(topics);
        assertProgressMetrics("snapshot-source", expected.files.size());
        harness.connect().deleteConnector("snapshot-source");
    }

    @Test
    void damagedRowsGoToTheErrorsTopicWhileEveryGoodRowArrives() throws Exception {
        Path db = TestDatabases.generate(dir.resolve("damaged.sqlite3"), 20_000, 60, 7);
        ExpectedContent expected = ExpectedContent.of(db);
        assertTrue(expected.damagedFileRowids.size() >= 60, "damaged rows " + expected.damagedFileRowids.size());
        assertFalse(expected.damagedCollectorIds.isEmpty(), "the generator damages a collector too");
        TopicNames topics = SourceConnectorHarness.topics("dmg");

        harness.start("damaged-source", SourceConnectorHarness.connectorConfig(db, "dmg"));
        harness.awaitCommittedRowids("damaged-source", expected.maxFilesRowid, expected.maxMetaRowid);
        Await.until(SourceConnectorHarness.TIMEOUT, () -> harness.endOffsetSum(topics.errors())
                >= expected.damagedFileRowids.size() + expected.damagedMetaRowids.size(),
            () -> "all error records are written");

        TopicContent actual = TopicContent.read(cluster.bootstrapServers(), topics, false);
        SourceConnectorHarness.assertTopicsMatch(expected, actual, true);
        assertEquals(expected.damagedFileRowids, new HashSet<>(actual.errorRowids("files")),
            "exactly the damaged file rows are reported");
        assertEquals(expected.damagedFileRowids.size(), actual.errorRowids("files").size(), "each reported once");
        assertEquals(expected.damagedMetaRowids, new HashSet<>(actual.errorRowids("meta")));
        assertEquals(expected.damagedCollectorIds, new HashSet<>(actual.errorRowids("collectors")));
        for (SourceErrorRecord error : actual.errors) {
            assertFalse(error.reason().isBlank(), "every error says why");
            Set<String> columns = error.rawValues().keySet();
            assertFalse(columns.isEmpty(), "every error carries the raw values");
        }
        assertTrue(actual.errors.stream().anyMatch(e -> e.reason().contains("not an integer")));
        assertTrue(actual.errors.stream().anyMatch(e -> e.reason().contains("out of range")));
        assertTrue(actual.errors.stream().anyMatch(e -> e.reason().contains("is not in the collectors table")));
        assertTrue(harness.connect().connectorStatus("damaged-source").tasks().get(0).state().equals("RUNNING"),
            "damage never stops the pipeline");
        harness.connect().deleteConnector("damaged-source");
    }

    @Test
    void filesSinceEmitsOnlyNewerFilesButEveryCollectorAndMetaRow() throws Exception {
        Path db = TestDatabases.generate(dir.resolve("since.sqlite3"), 20_000, 0, 13);
        ExpectedContent all = ExpectedContent.of(db);
        long bound = all.files.keySet().stream().mapToLong(k -> Long.parseLong(k.substring(k.lastIndexOf('/') + 1)))
            .sorted().skip(all.files.size() / 2).findFirst().orElseThrow();
        TopicNames topics = SourceConnectorHarness.topics("since");
        var config = SourceConnectorHarness.connectorConfig(db, "since");
        config.put("files.since", java.time.Instant.ofEpochSecond(bound).toString());
        harness.start("since-source", config);
        harness.awaitCommittedRowids("since-source", all.maxFilesRowid, all.maxMetaRowid);

        TopicContent actual = TopicContent.read(cluster.bootstrapServers(), topics, false);
        java.util.Map<String, String> expected = new java.util.HashMap<>();
        all.files.forEach((key, value) -> {
            if (Long.parseLong(key.substring(key.lastIndexOf('/') + 1)) >= bound) {
                expected.put(key, value);
            }
        });
        assertTrue(expected.size() < all.files.size() && !expected.isEmpty(), "the bound splits the files");
        assertEquals(expected, actual.files, "exactly the files at or after the bound");
        assertEquals(all.meta, actual.meta, "meta is not filtered");
        assertEquals(all.collectors, actual.collectors, "collectors are not filtered");
        harness.connect().deleteConnector("since-source");
    }

    /** The task's progress is readable by tools as plugin metrics over JMX (the workers run in this JVM). */
    private void assertProgressMetrics(String connector, long files) throws Exception {
        var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        var names = server.queryNames(new javax.management.ObjectName("kafka.connect:type=plugins,*"), null).stream()
            .filter(n -> connector.equals(n.getKeyProperty("connector")) && "files".equals(n.getKeyProperty("table")))
            .toList();
        assertFalse(names.isEmpty(), "plugin metrics for the files table are registered: "
            + server.queryNames(new javax.management.ObjectName("kafka.connect:type=plugins,*"), null));
        var name = names.get(0);
        assertEquals((double) files, ((Number) server.getAttribute(name, "rows-emitted")).doubleValue());
        assertEquals(0.0, ((Number) server.getAttribute(name, "rows-remaining")).doubleValue());
        assertEquals((double) files, ((Number) server.getAttribute(name, "rows-total")).doubleValue());
        assertEquals(0.0, ((Number) server.getAttribute(name, "eta-seconds")).doubleValue());
    }

    private void assertTopicSettings(TopicNames topics) throws Exception {
        try (Admin admin = cluster.connect().kafka().createAdminClient()) {
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
                new ConfigResource(ConfigResource.Type.TOPIC, topics.files()),
                new ConfigResource(ConfigResource.Type.TOPIC, topics.collectors()),
                new ConfigResource(ConfigResource.Type.TOPIC, topics.meta()))).all().get();
            for (String compacted : List.of(topics.files(), topics.collectors())) {
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, compacted));
                assertEquals("compact", config.get("cleanup.policy").value(), compacted);
                assertEquals("-1", config.get("retention.ms").value(), compacted);
            }
            Config meta = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topics.meta()));
            assertEquals("-1", meta.get("retention.ms").value(), "meta is kept forever");
        }
        assertEquals(3, cluster.connect().kafka().describeTopics(topics.files()).get(topics.files()).orElseThrow()
            .partitions().size(), "files topic is partitioned as configured");
    }
}
