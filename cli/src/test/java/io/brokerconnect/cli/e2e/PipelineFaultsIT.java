package io.brokerconnect.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.connect.ConnectorState;
import io.brokerconnect.cli.connect.ConnectorStatus;
import io.brokerconnect.cli.pipeline.PipelineConfigs;
import io.brokerconnect.cli.verify.report.VerifyReport;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import io.brokerconnect.testkit.sqlite.SqliteExclusiveLock;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's faults end to end: one pipeline with the exactly-once source, as deploy/ runs it, and the sink reading
 * read_committed, takes two faults while it loads, and ends with {@code verify} at parity, every row in PostgreSQL
 * once, and both connectors and all their tasks RUNNING without anybody restarting anything.
 * <ol>
 *   <li>Mid-snapshot the SQLite file is locked against readers (another connection's {@code BEGIN EXCLUSIVE}, see
 *   {@link SqliteExclusiveLock}) for four times {@code sqlite.busy.timeout.ms}: every read fails with SQLITE_BUSY,
 *   the source retries within {@code retry.max.duration.ms} and goes on once the lock is gone, with the rows written
 *   under the lock. SourceLockedDatabaseIT shows the same at the topics.</li>
 *   <li>While PostgreSQL is still loading, the only Kafka broker stops for 9 s and starts again on the same log
 *   directories and port: the worker gives up its tasks while the broker is away and starts them again from their
 *   committed offsets when it is back (SourceKafkaRestartIT describes what Connect logs meanwhile). The source's
 *   open transaction is aborted; its records stay in the log, which is why the sink must read read_committed.</li>
 * </ol>
 */
class PipelineFaultsIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    /**
     * A snapshot of several seconds even where the machine is idle (the exactly-once source, a transaction per poll,
     * is several times slower than the at-least-once pipeline of the other e2e tests), so that both faults find the
     * load under way, and short enough for a loaded 2-core machine.
     */
    private static final long FILES = 150_000;
    private static final Duration BUSY_TIMEOUT = Duration.ofMillis(500);
    /** Past the worker's revocation (3 s) and graceful task stop (5 s): the tasks are given up while Kafka is away. */
    private static final Duration KAFKA_DOWN = Duration.ofSeconds(9);
    private static final int ROWS_WRITTEN_UNDER_LOCK = 100;

    @Test
    void aLockedDatabaseAndAKafkaRestartMidLoadEndAtParityWithEveryRowOnce(PostgresDatabase db, @TempDir Path dir)
            throws Exception {
        try (E2ePipeline pipeline = E2ePipeline.startExactlyOnce(dir, db, FILES)) {
            // Before the source opens it: in WAL mode a writer cannot lock out readers that have the file open.
            SqliteExclusiveLock.useRollbackJournal(pipeline.sqlite);
            Map<String, String> sink = PipelineConfigs.sink(pipeline.postgres);
            assertEquals("read_committed", sink.get("consumer.override.isolation.level"));
            pipeline.deploy(sink, exactlyOnceSource(pipeline));

            lockTheDatabaseMidSnapshot(pipeline);
            restartKafkaMidLoad(pipeline);

            assertParityWithEveryRowOnce(pipeline);
            assertConnectorsAndAllTasksRunning(pipeline);
        }
    }

    private static Map<String, String> exactlyOnceSource(E2ePipeline pipeline) {
        Map<String, String> source = PipelineConfigs.source(pipeline.sqlite);
        source.put("exactly.once.support", "required");
        source.put("sqlite.busy.timeout.ms", Long.toString(BUSY_TIMEOUT.toMillis()));
        return source; // retry.max.duration.ms stays at its default (10 min), far beyond the lock
    }

    private static void lockTheDatabaseMidSnapshot(E2ePipeline pipeline) throws Exception {
        long maxFilesRowid = sqliteLong(pipeline, "SELECT max(rowid) FROM files");
        Await.until(E2ePipeline.TIMEOUT, () -> pipeline.sourceFilesRowid() > 0,
            () -> "the source commits its first offsets");
        long committedBeforeLock = pipeline.sourceFilesRowid();
        long readUpTo;
        long lockedMillis;
        try (SqliteExclusiveLock lock = SqliteExclusiveLock.take(pipeline.sqlite, ROWS_WRITTEN_UNDER_LOCK)) {
            long locked = System.nanoTime();
            assertTrue(lock.rowsAdded() > 0, "the locking writer added rows");
            // The read position over JMX, not the offsets through REST: a REST read would stretch the lock by ~1 s.
            holdWithNothingFailed(pipeline, BUSY_TIMEOUT.multipliedBy(2), "SQLite is locked");
            readUpTo = SourceReadPosition.filesRowid(PipelineConfigs.SOURCE);
            holdWithNothingFailed(pipeline, BUSY_TIMEOUT.multipliedBy(2), "SQLite is locked");
            assertEquals(readUpTo, SourceReadPosition.filesRowid(PipelineConfigs.SOURCE), "no read gets through");
            lockedMillis = (System.nanoTime() - locked) / 1_000_000;
        }
        long released = System.nanoTime();
        // The committed rowid at the lock lies between the one before it and the last row read before it.
        assertTrue(committedBeforeLock > 0 && readUpTo < maxFilesRowid, "the lock comes in the middle of the "
            + "snapshot: committed files rowid " + committedBeforeLock + " before it, rows read up to " + readUpTo
            + " of " + maxFilesRowid);
        Await.until(E2ePipeline.TIMEOUT, () -> pipeline.sourceFilesRowid() > readUpTo,
            () -> "the source reads on after the lock and commits past files rowid " + readUpTo);
        System.out.printf("[fault] SQLite locked %,d ms (busy timeout %d ms) with files read up to rowid %,d of %,d:"
                + " the source's committed offsets went past it %.1f s after the lock was released%n", lockedMillis,
            BUSY_TIMEOUT.toMillis(), readUpTo, maxFilesRowid, secondsSince(released));
    }

    private static void restartKafkaMidLoad(E2ePipeline pipeline) throws Exception {
        String files = "SELECT count(*) FROM files";
        Await.until(E2ePipeline.TIMEOUT, () -> pipeline.countNow(files) > 0, () -> "the sink loads files");
        long inSqlite = sqliteLong(pipeline, files);
        long sourceRowidAtStop = pipeline.sourceFilesRowid();
        long inPostgresAtStop = pipeline.countNow(files);
        String address = pipeline.cluster.stopKafka();
        assertTrue(inPostgresAtStop < inSqlite,
            "Kafka stops while PostgreSQL is loading: " + inPostgresAtStop + " of " + inSqlite + " files in it");
        // REST answers from the worker's memory while Kafka is away; the outage is to be ridden out, never FAILED.
        holdWithNothingFailed(pipeline, KAFKA_DOWN, "Kafka is down");

        long restarted = System.nanoTime();
        pipeline.cluster.startKafka(address);
        double brokerServes = secondsSince(restarted);
        long inPostgresAtRestart = pipeline.countNow(files);
        Await.until(E2ePipeline.TIMEOUT, () -> pipeline.countNow(files) > inPostgresAtRestart,
            () -> "the sink writes files to PostgreSQL again after the restart");
        double sinkWrites = secondsSince(restarted);
        pipeline.awaitSyncedExactlyOnce();
        System.out.printf("[fault] Kafka down %.0f s at source files rowid %,d, %,d of %,d files in PostgreSQL: after"
                + " the restart the broker served in %.1f s, the sink wrote to PostgreSQL again in %.1f s, the"
                + " pipeline was synced in %.1f s%n", KAFKA_DOWN.toMillis() / 1000.0, sourceRowidAtStop,
            inPostgresAtStop, inSqlite, brokerServes, sinkWrites, secondsSince(restarted));
    }

    /**
     * verify at parity, and PostgreSQL's own row counts equal to what it should hold of SQLite (damaged rows, which
     * go to the errors topic, aside): parity counts meta rows held twice as duplicates, not as a mismatch.
     */
    private static void assertParityWithEveryRowOnce(E2ePipeline pipeline) throws Exception {
        VerifyReport report = pipeline.verify(pipeline.verifyOptions());
        assertTrue(report.parity(), "verify at parity after both faults: " + report.mismatches());
        for (VerifyReport.TableCount table : report.tables()) {
            assertEquals(table.expected(), pipeline.count("SELECT count(*) FROM " + table.table()),
                table.table() + ": each row once in PostgreSQL (SQLite " + table.sqliteRows() + ", damaged "
                    + table.damaged() + ")");
        }
        assertEquals(0, report.meta().postgresDuplicates(), "no meta row twice");
    }

    /** Nobody restarted anything: the connectors and every task the worker started again are RUNNING. */
    private static void assertConnectorsAndAllTasksRunning(E2ePipeline pipeline) {
        for (String name : List.of(PipelineConfigs.SOURCE, PipelineConfigs.SINK)) {
            ConnectorStatus status = pipeline.rest.status(name);
            int tasks = Integer.parseInt(pipeline.rest.config(name).get("tasks.max"));
            assertTrue(status.connectorAndTasksAre(ConnectorState.RUNNING) && status.tasks().size() == tasks,
                name + " and its " + tasks + " task(s) RUNNING: " + status);
        }
    }

    /** Keeps the fault on for {@code period}, checking all along that REST never reports anything FAILED. */
    private static void holdWithNothingFailed(E2ePipeline pipeline, Duration period, String fault)
            throws InterruptedException {
        Await.holds(period, () -> {
            pipeline.failFast();
            return true;
        }, () -> "no connector or task FAILED while " + fault);
    }

    private static long sqliteLong(E2ePipeline pipeline, String sql) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:file:" + pipeline.sqlite + "?mode=ro");
             var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
