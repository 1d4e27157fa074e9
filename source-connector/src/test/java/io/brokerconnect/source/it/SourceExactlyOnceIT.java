package io.brokerconnect.source.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KIP-618 exactly-once source support: on a worker with {@code exactly.once.source.support=enabled} and the
 * connector requiring it, records and offsets commit atomically, so restarts in the middle of the snapshot and
 * of live writes leave every file exactly once for a read_committed consumer.
 */
class SourceExactlyOnceIT {

    private static ConnectCluster cluster;
    private static SourceConnectorHarness harness;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectCluster.builder("eos").exactlyOnceSource().start();
        harness = new SourceConnectorHarness(cluster);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void restartsMidSnapshotAndMidTailDuplicateNothing() throws Exception {
        Path db = TestDatabases.generate(dir.resolve("eos.sqlite3"), 100_000, 0, 11);
        Map<String, String> config = SourceConnectorHarness.connectorConfig(db, "eos");
        config.put("exactly.once.support", "required");
        config.put("batch.max.rows", "2000");
        harness.start("eos", config);

        Await.until(SourceConnectorHarness.TIMEOUT,
            () -> harness.committedRowids("eos").getOrDefault("files", 0L) > 20_000,
            () -> "the snapshot is under way");
        harness.connect().restartConnectorAndTasks("eos", false, true, false);
        try (TestDatabases.Writer writer = TestDatabases.startWriter(db, Duration.ofMillis(200), 10)) {
            Await.until(SourceConnectorHarness.TIMEOUT, () -> writer.roundsDone() >= 3, () -> "writer is running");
            harness.connect().restartConnectorAndTasks("eos", false, true, false);
            writer.awaitDone();
        }

        ExpectedContent expected = ExpectedContent.of(db);
        harness.awaitCommittedRowids("eos", expected.maxFilesRowid, expected.maxMetaRowid);
        TopicContent actual = TopicContent.read(cluster.bootstrapServers(), SourceConnectorHarness.topics("eos"), true);
        SourceConnectorHarness.assertTopicsMatch(expected, actual, true);
        assertEquals(expected.files.size(), actual.fileRecords, "each file exactly once despite two restarts");
        assertEquals(expected.validMetaRows, actual.metaRecords, "each meta row exactly once");
    }
}
