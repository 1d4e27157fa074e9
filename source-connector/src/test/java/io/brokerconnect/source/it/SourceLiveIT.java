package io.brokerconnect.source.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.common.model.TopicNames;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source connector while the broker keeps writing: tailing, pause and resume through REST, task restart and
 * worker loss. Each test ends by comparing the topics with the database the writer left behind.
 */
class SourceLiveIT {

    private static final Duration WRITER_INTERVAL = Duration.ofMillis(200);

    private static ConnectCluster cluster;
    private static SourceConnectorHarness harness;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectCluster.builder("live").workers(2).start();
        harness = new SourceConnectorHarness(cluster);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void tailsWhileTheBrokerKeepsInserting() throws Exception {
        Path db = TestDatabases.generate(dir.resolve("tail.sqlite3"), 20_000, 0, 1);
        harness.start("tail", SourceConnectorHarness.connectorConfig(db, "tail"));
        try (TestDatabases.Writer writer = TestDatabases.startWriter(db, WRITER_INTERVAL, 15)) {
            writer.awaitDone();
            assertTrue(writer.rowsInserted() > 0, "the writer inserted rows");
        }
        assertAllRowsArrive("tail", db, true);
    }

    @Test
    void pauseAndResumeThroughRestLosesNothingWrittenMeanwhile() throws Exception {
        Path db = TestDatabases.generate(dir.resolve("pause.sqlite3"), 20_000, 0, 2);
        TopicNames topics = SourceConnectorHarness.topics("pause");
        harness.start("pause", SourceConnectorHarness.connectorConfig(db, "pause"));
        ExpectedContent before = ExpectedContent.of(db);
        harness.awaitCommittedRowids("pause", before.maxFilesRowid, before.maxMetaRowid);

        harness.connect().pauseConnector("pause");
        harness.connect().assertions().assertConnectorAndExactlyNumTasksArePaused("pause", 1, "connector did not pause");
        long filesWhilePaused = harness.endOffsetSum(topics.files());
        try (TestDatabases.Writer writer = TestDatabases.startWriter(db, WRITER_INTERVAL, 5)) {
            writer.awaitDone();
            assertTrue(writer.rowsInserted() > 0);
        }
        assertEquals(filesWhilePaused, harness.endOffsetSum(topics.files()), "a paused connector emits nothing");

        harness.connect().resumeConnector("pause");
        harness.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning("pause", 1, "did not resume");
        assertAllRowsArrive("pause", db, true);
    }

    @Test
    void taskRestartResumesFromTheStoredOffsets() throws Exception {
        Path db = TestDatabases.generate(dir.resolve("restart.sqlite3"), 20_000, 0, 3);
        harness.start("restart", SourceConnectorHarness.connectorConfig(db, "restart"));
        ExpectedContent before = ExpectedContent.of(db);
        harness.awaitCommittedRowids("restart", before.maxFilesRowid, before.maxMetaRowid);

        // Everything read so far is committed: a restart that resumes from the stored offsets re-emits nothing,
        // one that started over would duplicate all 20,000 files.
        harness.connect().restartTask("restart", 0);
        harness.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning("restart", 1, "did not restart");
        try (TestDatabases.Writer writer = TestDatabases.startWriter(db, WRITER_INTERVAL, 5)) {
            writer.awaitDone();
        }
        assertAllRowsArrive("restart", db, true);

        // A restart in the middle of writes may repeat a few records (at-least-once) but must lose none.
        try (TestDatabases.Writer writer = TestDatabases.startWriter(db, WRITER_INTERVAL, 10)) {
            harness.connect().restartConnectorAndTasks("restart", false, true, false);
            writer.awaitDone();
        }
        assertAllRowsArrive("restart", db, false);
    }

    @Test
    void workerLossMovesTheTaskWhichResumesWithoutLoss() throws Exception {
        Path db = TestDatabases.generate(dir.resolve("worker.sqlite3"), 50_000, 0, 4);
        harness.start("worker", SourceConnectorHarness.connectorConfig(db, "worker"));
        try (TestDatabases.Writer writer = TestDatabases.startWriter(db, WRITER_INTERVAL, 20)) {
            Await.until(SourceConnectorHarness.TIMEOUT,
                () -> harness.committedRowids("worker").getOrDefault("files", 0L) > 10_000,
                () -> "some offsets are committed before the worker goes");
            String workerId = harness.connect().connectorStatus("worker").tasks().get(0).workerId();
            String port = workerId.substring(workerId.lastIndexOf(':') + 1);
            WorkerHandle running = cluster.connect().workers().stream()
                .filter(w -> w.url().getPort() == Integer.parseInt(port)).findFirst().orElseThrow();
            cluster.connect().removeWorker(running);
            harness.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning("worker", 1,
                "task did not move to the remaining worker");
            Await.until(SourceConnectorHarness.TIMEOUT, () -> !taskWorker("worker").equals(workerId),
                () -> "the task runs on another worker");
            cluster.connect().addWorker();
            writer.awaitDone();
        }
        assertAllRowsArrive("worker", db, false);
    }

    private String taskWorker(String name) {
        ConnectorStateInfo status = harness.connect().connectorStatus(name);
        return status.tasks().isEmpty() ? "" : status.tasks().get(0).workerId();
    }

    private void assertAllRowsArrive(String name, Path db, boolean exactlyOnce) throws Exception {
        ExpectedContent expected = ExpectedContent.of(db);
        harness.awaitCommittedRowids(name, expected.maxFilesRowid, expected.maxMetaRowid);
        TopicContent actual = TopicContent.read(cluster.bootstrapServers(), SourceConnectorHarness.topics(name), false);
        SourceConnectorHarness.assertTopicsMatch(expected, actual, exactlyOnce);
        Map<String, Long> rowids = harness.committedRowids(name);
        assertEquals(expected.maxFilesRowid, rowids.get("files"), "committed offset is the last files rowid");
    }
}
