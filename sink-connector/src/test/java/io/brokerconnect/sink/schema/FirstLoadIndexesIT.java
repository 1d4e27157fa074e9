package io.brokerconnect.sink.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.SchemaManagement;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.layout.TargetLayouts;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several tasks share one first load. While one of them rebuilds (which takes minutes on a big table), the others
 * must neither fail on the sink's short lock timeout nor queue up behind it inside put(); a task that starts
 * meanwhile waits for the rebuild instead of failing.
 */
class FirstLoadIndexesIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final TargetLayout TABLES = TargetLayouts.spec(new Identifier("public"));

    @Test
    void aTaskFindingTheRebuildUnderWayReturnsAtOnceAndLaterSeesItDone(PostgresDatabase db) throws Exception {
        SchemaMigrationIT.manager(db, Map.of()).apply(SchemaManagement.MIGRATE);
        FirstLoadIndexes firstLoad = new FirstLoadIndexes(TABLES);
        try (Connection rebuilding = db.connect(); Connection other = task(db)) {
            assertTrue(firstLoad.deferIfEmpty(other));
            rebuilding.setAutoCommit(false);
            holdLock(rebuilding);
            long start = System.nanoTime();
            assertFalse(firstLoad.rebuildIfDeferred(other), "another session holds the first-load lock");
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "returned at once");
            assertEquals(0, indexCount(db), "nothing rebuilt yet");
            rebuilding.commit();
            assertTrue(firstLoad.rebuildIfDeferred(other));
            assertEquals(2, indexCount(db), "both secondary indexes are back");
            assertTrue(firstLoad.rebuildIfDeferred(other), "nothing is owed any more");
        }
    }

    @Test
    void aTaskStartingDuringTheRebuildWaitsForItDespiteItsShortLockTimeout(PostgresDatabase db) throws Exception {
        SchemaMigrationIT.manager(db, Map.of()).apply(SchemaManagement.MIGRATE);
        FirstLoadIndexes firstLoad = new FirstLoadIndexes(TABLES);
        try (Connection rebuilding = db.connect(); Connection starting = task(db)) {
            rebuilding.setAutoCommit(false);
            holdLock(rebuilding);
            CompletableFuture<Boolean> deferred = CompletableFuture.supplyAsync(() -> {
                try {
                    return firstLoad.deferIfEmpty(starting);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.until(Duration.ofSeconds(30), () -> waitingForAdvisoryLock(db),
                () -> "the starting task waits for the first-load lock");
            Await.holds(Duration.ofMillis(1_000), () -> !deferred.isDone(),
                () -> "it keeps waiting past its 250 ms lock timeout instead of failing");
            rebuilding.commit();
            assertTrue(deferred.get(), "files is empty: first-load mode");
        }
    }

    @Test
    void writersWaitForARebuildUnderWayAndPassAtOnceOtherwise(PostgresDatabase db) throws Exception {
        SchemaMigrationIT.manager(db, Map.of()).apply(SchemaManagement.MIGRATE);
        FirstLoadIndexes firstLoad = new FirstLoadIndexes(TABLES);
        try (Connection rebuilding = db.connect(); Connection writer = task(db)) {
            assertFalse(firstLoad.waitWhileAnotherTaskRebuilds(writer), "nobody rebuilds: no wait");
            rebuilding.setAutoCommit(false);
            try (Statement s = rebuilding.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_try_advisory_xact_lock(" + FirstLoadIndexes.LOCK_KEY + ")")) {
                assertTrue(rs.next() && rs.getBoolean(1), "the writer did not keep the lock for itself");
            }
            CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> {
                try {
                    return firstLoad.waitWhileAnotherTaskRebuilds(writer);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.until(Duration.ofSeconds(30), () -> waitingForAdvisoryLock(db),
                () -> "the writer waits for the first-load lock");
            Await.holds(Duration.ofMillis(1_000), () -> !waited.isDone(),
                () -> "it keeps waiting past its 250 ms lock timeout instead of failing");
            rebuilding.commit();
            assertTrue(waited.get(), "it waited");
            assertFalse(waitingForAdvisoryLock(db));
        }
    }

    /** A connection set up like a sink task's: no autocommit, the default 250 ms lock timeout. */
    private static Connection task(PostgresDatabase db) throws SQLException {
        Connection connection = db.connect();
        try (Statement s = connection.createStatement()) {
            s.execute("SET lock_timeout = 250");
        }
        connection.setAutoCommit(false);
        return connection;
    }

    private static void holdLock(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + FirstLoadIndexes.LOCK_KEY + ")");
        }
    }

    private static boolean waitingForAdvisoryLock(PostgresDatabase db) {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
            return rs.next() && rs.getLong(1) > 0;
        } catch (SQLException e) {
            return false;
        }
    }

    private static long indexCount(PostgresDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_indexes WHERE tablename = 'files' "
                 + "AND indexname IN ('idx_files_collector_type_ts', 'idx_files_type_ts')")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
