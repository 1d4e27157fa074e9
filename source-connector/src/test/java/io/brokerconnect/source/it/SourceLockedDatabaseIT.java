package io.brokerconnect.source.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import io.brokerconnect.testkit.sqlite.SqliteExclusiveLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.management.JMException;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo.TaskState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's SQLite file locked against readers for longer than {@code sqlite.busy.timeout.ms}, in the middle of
 * the snapshot (a real lock: another connection's exclusive write transaction, see {@link SqliteExclusiveLock}).
 * Within {@code retry.max.duration.ms} the task stays RUNNING, retries with backoff and goes on where it stopped once
 * the lock is gone; past it the task fails naming the database and the fix, and a REST task restart resumes it. Both
 * end with every row of the database on the topics, including the rows written under the lock.
 */
class SourceLockedDatabaseIT {

    private static final Duration BUSY_TIMEOUT = Duration.ofMillis(500);
    private static final int FILE_ROWS = 50_000;

    private static ConnectCluster cluster;
    private static SourceConnectorHarness harness;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectCluster.builder("locked").exactlyOnceSource().start();
        harness = new SourceConnectorHarness(cluster);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void aLockShorterThanTheBudgetIsWaitedOutWithoutFailingTheTask() throws Exception {
        Path db = TestDatabases.generate(dir.resolve("locked.sqlite3"), FILE_ROWS, 0, 21);
        SqliteExclusiveLock.useRollbackJournal(db);
        harness.start("waits", config(db, "waits", Duration.ofMinutes(1)));
        awaitSnapshotUnderWay("waits");

        long heldMillis;
        long stalledAt;
        try (SqliteExclusiveLock lock = SqliteExclusiveLock.take(db, 100)) {
            long locked = System.nanoTime();
            assertTrue(lock.rowsAdded() > 0, "the locking writer added rows");
            // Whatever was read before the lock reaches the committed offsets; from then on nothing moves.
            Await.until(SourceConnectorHarness.TIMEOUT,
                () -> filesRowid("waits") == readPosition("waits"),
                () -> "what was read before the lock is committed");
            stalledAt = filesRowid("waits");
            // The fault itself: the lock stays for several busy timeouts, in which reads fail and are retried.
            long stalled = stalledAt;
            Await.holds(BUSY_TIMEOUT.multipliedBy(5), () -> readPosition("waits") == stalled
                && filesRowid("waits") == stalled, () -> "no read gets through the lock");
            assertTrue(stalledAt < FILE_ROWS, "the lock hit the snapshot mid-way (files rowid " + stalledAt + ")");
            assertEquals("RUNNING", taskState("waits").state(), "a lock within the budget does not fail the task");
            heldMillis = (System.nanoTime() - locked) / 1_000_000;
        }

        long released = System.nanoTime();
        Await.until(SourceConnectorHarness.TIMEOUT, () -> filesRowid("waits") > stalledAt,
            () -> "reading resumes after the lock");
        System.out.printf("[fault] SQLite locked %d ms (busy timeout %d ms): reads resumed %d ms after release%n",
            heldMillis, BUSY_TIMEOUT.toMillis(), (System.nanoTime() - released) / 1_000_000);
        assertEverythingOnTheTopics(db, "waits");
        assertEquals("RUNNING", taskState("waits").state());
    }

    @Test
    void aLockLongerThanTheBudgetFailsTheTaskWithTheFixAndARestartResumes() throws Exception {
        Path db = TestDatabases.generate(dir.resolve("spent.sqlite3"), FILE_ROWS, 0, 22);
        SqliteExclusiveLock.useRollbackJournal(db);
        harness.start("spent", config(db, "spent", Duration.ofSeconds(3)));
        awaitSnapshotUnderWay("spent");

        try (SqliteExclusiveLock ignored = SqliteExclusiveLock.take(db, 100)) {
            Await.until(Duration.ofSeconds(30), () -> "FAILED".equals(taskState("spent").state()),
                () -> "the task fails once the lock outlasts retry.max.duration.ms");
        }
        String trace = taskState("spent").trace();
        assertTrue(trace.contains(db.toString()) && trace.contains("has stayed locked")
            && trace.contains("retry.max.duration.ms=3000") && trace.contains("/tasks/0/restart"), trace);
        long stoppedAt = filesRowid("spent");
        assertTrue(stoppedAt < FILE_ROWS, "failed mid-snapshot at files rowid " + stoppedAt);

        long restarted = System.nanoTime();
        harness.connect().restartTask("spent", 0);
        assertEverythingOnTheTopics(db, "spent");
        System.out.printf("[fault] SQLite locked past retry.max.duration.ms=3000: task FAILED at rowid %d; after a REST "
            + "task restart all rows were on the topics %d ms later%n", stoppedAt,
            (System.nanoTime() - restarted) / 1_000_000);
        assertEquals("RUNNING", taskState("spent").state());
    }

    private static Map<String, String> config(Path db, String prefix, Duration budget) {
        Map<String, String> config = SourceConnectorHarness.connectorConfig(db, prefix);
        config.put("exactly.once.support", "required");
        config.put("batch.max.rows", "500");
        config.put("sqlite.busy.timeout.ms", Long.toString(BUSY_TIMEOUT.toMillis()));
        config.put("retry.max.duration.ms", Long.toString(budget.toMillis()));
        return config;
    }

    private static void awaitSnapshotUnderWay(String name) throws InterruptedException {
        Await.until(SourceConnectorHarness.TIMEOUT, () -> filesRowid(name) > 0, () -> name + " is reading files");
    }

    /** Exact: every row once (exactly-once worker), including those the locking writer added. */
    private static void assertEverythingOnTheTopics(Path db, String name) throws Exception {
        ExpectedContent expected = ExpectedContent.of(db);
        assertTrue(expected.maxFilesRowid > FILE_ROWS, "the rows written under the lock are in the database");
        harness.awaitCommittedRowids(name, expected.maxFilesRowid, expected.maxMetaRowid);
        TopicContent actual = TopicContent.read(cluster.bootstrapServers(), SourceConnectorHarness.topics(name), true);
        SourceConnectorHarness.assertTopicsMatch(expected, actual, true);
    }

    private static long readPosition(String name) {
        try {
            return FilesProgressMetrics.positionRowid(name);
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the source task's metrics", e);
        }
    }

    private static long filesRowid(String name) {
        return harness.committedRowids(name).getOrDefault("files", 0L);
    }

    private static TaskState taskState(String name) {
        return harness.connect().connectorStatus(name).tasks().get(0);
    }
}
