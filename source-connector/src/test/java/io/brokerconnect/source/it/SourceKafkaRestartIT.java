package io.brokerconnect.source.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The Kafka broker restarts under the source connector in exactly-once mode, once in the middle of the snapshot and
 * once while the broker (SQLite) keeps inserting: the topics, read back read_committed, hold every file of SQLite
 * exactly once, with no gap.
 *
 * <p>The fault: the only broker of the embedded cluster is shut down (a controlled shut-down, not a crash; its KRaft
 * controller keeps running), kept down for {@link #DOWN}, and started again as the same server on the same log
 * directories and the same port, so the worker reconnects to the bootstrap address it was given.
 *
 * <p>What happens (Kafka 4.3.0; the lines quoted are in this test's output unless said otherwise): REST keeps reporting
 * connector and task RUNNING all along, because the worker cannot write a status change while Kafka is away.
 * {@code heartbeat.interval.ms} (3 s) after losing its group coordinator the worker revokes its own connector and task,
 * so as not to run tasks outside the group (Connect logs it at INFO, which this test does not show: "Broker coordinator
 * was unreachable for 3000ms. Revoking previous assignment ..."); the rebalance delay plays no part. The task is
 * blocked committing its transaction, so after {@code task.shutdown.graceful.timeout.ms} (5 s) Connect logs ERROR
 * "Graceful stop of task kr-0 failed.", closes the task's producer, and logs ERROR
 * "ExactlyOnceWorkerSourceTask{id=kr-0} Failed to commit producer transaction ... The producer closed forcefully" and
 * WARN "... the orphan task threw an uncaught exception. A newer instance of this task might be already running"; the
 * open transaction never commits. In about half the outages it also logs ERROR "Connector 'kr' failed to properly shut
 * down, has become unresponsive, ... it may be necessary to restart this worker". Meanwhile every client logs WARN
 * "Connection to node 0 (localhost/127.0.0.1:PORT) could not be established. Node may not be available." When the
 * broker is back the worker rejoins its group and starts connector and task again by itself; the task resumes from the
 * offsets committed with its last transaction. The operator has nothing to do: the advice to restart the worker does
 * not apply (a thread dump showed what hung was the worker's own write of the connector's status, waiting for Kafka;
 * the connector's {@code stop()} holds nothing).
 *
 * <p>No control with an at-least-once worker: in two exploratory runs of the same snapshot-time outage on such a
 * worker the topics held 1,527 and 1,185 duplicate file records: rows already on the topics past the offsets the
 * worker had last committed, sent again by the restarted task. How many, and whether any, depends on when in the
 * offset flush interval (1 s here) the broker stops, so a test of it could not be deterministic. Likewise the aborted
 * transaction's records stay in the log, where a read_uncommitted consumer sees them as duplicates (672 and 673 file
 * records in two exploratory runs after the snapshot-time outage, none after the tail-time one): not asserted
 * either, since whether the open transaction had records in the log when the broker stopped is timing too. Consumers
 * of these topics need {@code isolation.level=read_committed} for the exactly-once this test checks.
 */
class SourceKafkaRestartIT {

    private static final String CONNECTOR = "kr";
    private static final int FILES = 100_000;
    /** Past revocation (3 s) plus the graceful stop timeout (5 s): the task is given up on while Kafka is away. */
    private static final Duration DOWN = Duration.ofSeconds(9);
    private static final Duration WRITER_INTERVAL = Duration.ofMillis(250);
    /** At least 9 s of live writes (longer on a busy machine): they start before the outage and go on through it. */
    private static final int WRITER_ROUNDS = 36;

    private static ConnectCluster cluster;
    private static SourceConnectorHarness harness;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        // Connect's default rebalance delay (5 min) rather than the testkit's 3 s: what a deployed worker does.
        cluster = ConnectCluster.builder("kafka-restart").exactlyOnceSource()
            .workerProp("scheduled.rebalance.max.delay.ms", "300000").start();
        harness = new SourceConnectorHarness(cluster);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void brokerRestartsMidSnapshotAndMidTailLeaveEachFileOnceOnTheTopics() throws Exception {
        Path db = TestDatabases.generate(dir.resolve("kafka-restart.sqlite3"), FILES, 0, 21);
        ExpectedContent generated = ExpectedContent.of(db);
        harness.start(CONNECTOR, exactlyOnceConfig(db));
        KafkaOutage outage = new KafkaOutage(cluster, harness, CONNECTOR);

        Await.until(SourceConnectorHarness.TIMEOUT,
            () -> harness.committedRowids(CONNECTOR).getOrDefault("files", 0L) > 20_000,
            () -> "the snapshot is under way");
        long snapshotStop = outage.stop();
        assertTrue(snapshotStop < generated.maxFilesRowid / 2,
            "the broker stops in the middle of the snapshot: files rowid " + snapshotStop + " of "
                + generated.maxFilesRowid);
        outage.holdDown(DOWN);
        KafkaOutage.Recovery snapshot = outage.restart();
        harness.awaitCommittedRowids(CONNECTOR, generated.maxFilesRowid, generated.maxMetaRowid);
        report("mid-snapshot", snapshot, generated.maxFilesRowid);
        assertRestartedByTheWorkerFrom(snapshot);

        KafkaOutage.Recovery tail;
        try (TestDatabases.Writer writer = TestDatabases.startWriter(db, WRITER_INTERVAL, WRITER_ROUNDS)) {
            Await.until(SourceConnectorHarness.TIMEOUT, () -> writer.roundsDone() >= 3, () -> "the writer is running");
            outage.stop();
            long insertedAtStop = writer.rowsInserted();
            outage.holdDown(DOWN);
            assertTrue(writer.rowsInserted() > insertedAtStop, "SQLite gets new files while Kafka is down");
            tail = outage.restart();
            writer.awaitDone();
        }
        ExpectedContent expected = ExpectedContent.of(db);
        harness.awaitCommittedRowids(CONNECTOR, expected.maxFilesRowid, expected.maxMetaRowid);
        report("mid-tail", tail, expected.maxFilesRowid);
        assertRestartedByTheWorkerFrom(tail);

        TopicContent actual = TopicContent.read(cluster.bootstrapServers(), SourceConnectorHarness.topics(CONNECTOR),
            true);
        SourceConnectorHarness.assertTopicsMatch(expected, actual, true);
        assertEquals(expected.files.size(), actual.fileRecords, "each file exactly once despite two broker restarts");
        assertEquals(expected.validMetaRows, actual.metaRecords, "each meta row exactly once");
    }

    private static Map<String, String> exactlyOnceConfig(Path db) {
        Map<String, String> config = SourceConnectorHarness.connectorConfig(db, CONNECTOR);
        config.put("exactly.once.support", "required");
        config.put("batch.max.rows", "2000"); // many transactions, so the outage finds one open
        return config;
    }

    /**
     * Nobody restarted anything: REST says RUNNING, and the task running now started after the outage from the
     * offsets committed before it (a task that had run through would report rowid 0).
     */
    private static void assertRestartedByTheWorkerFrom(KafkaOutage.Recovery recovery) throws Exception {
        harness.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(CONNECTOR, 1,
            "connector and task run again after the broker restart");
        long startRowid = FilesProgressMetrics.startRowidOfRunningTask(CONNECTOR);
        assertTrue(startRowid >= recovery.committedFilesRowidAtStop(),
            "the worker started the task again and it resumed from the committed offsets (rowid "
                + recovery.committedFilesRowidAtStop() + " or later), not from " + startRowid);
    }

    private static void report(String when, KafkaOutage.Recovery recovery, long maxFilesRowid) {
        System.out.printf("[fault] kafka restart %s: down %.1f s at files rowid %,d of %,d; after the restart the"
                + " broker serves in %.1f s, source offsets advance in %.1f s, reach SQLite's last row in %.1f s%n",
            when, DOWN.toMillis() / 1000.0, recovery.committedFilesRowidAtStop(), maxFilesRowid,
            seconds(recovery.untilBrokerServes()), seconds(recovery.untilOffsetsAdvance()), seconds(recovery.since()));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
