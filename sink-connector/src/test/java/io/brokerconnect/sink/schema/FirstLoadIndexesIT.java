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
    void aLoadingMarkHoldsBackTheRebuildOfItsOwnSchemaOnly(PostgresDatabase db) throws Exception {
        SchemaMigrationIT.manager(db, Map.of()).apply(SchemaManagement.MIGRATE);
        SchemaMigrationIT.manager(db, Map.of("schema", "other")).apply(SchemaManagement.MIGRATE);
        FirstLoadIndexes publicLoad = new FirstLoadIndexes(TABLES);
        FirstLoadIndexes otherLoad = new FirstLoadIndexes(TargetLayouts.spec(new Identifier("other")));
        try (Connection loading = task(db); Connection rebuilding = task(db)) {
            assertTrue(publicLoad.deferIfEmpty(rebuilding));
            assertTrue(otherLoad.deferIfEmpty(rebuilding));
            assertTrue(publicLoad.markLoading(loading), "a task loading into public");
            assertFalse(publicLoad.rebuildIfDeferred(rebuilding), "public's rebuild waits for its loading task");
            assertEquals(0, indexCount(db), "nothing rebuilt in either schema");
            assertTrue(otherLoad.rebuildIfDeferred(rebuilding), "a load into another schema does not wait for it");
            assertEquals(2, indexCount(db), "other's two secondary indexes are back, public's not");
            publicLoad.markCaughtUp(loading);
            assertTrue(publicLoad.rebuildIfDeferred(rebuilding), "the loading task has caught up");
            assertEquals(4, indexCount(db), "public's are back too");
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

    @Test
    void theLoadRunsWithoutThePrimaryKeyAndTheRebuildRemovesSecondCopiesBeforeAddingItBack(PostgresDatabase db)
        throws Exception {
        SchemaMigrationIT.manager(db, Map.of()).apply(SchemaManagement.MIGRATE);
        FirstLoadIndexes firstLoad = new FirstLoadIndexes(TABLES);
        try (Connection task = task(db)) {
            assertTrue(firstLoad.deferIfEmpty(task));
            assertFalse(hasPrimaryKey(db), "the first load writes files without its primary key");
            // The same file stored twice, as a task restarted mid-load stores its redelivered records again; the
            // second copy carries other sizes only so that the test can tell which copy is kept.
            sql(db, "INSERT INTO collectors (project, name) VALUES ('ripe-ris', 'rrc00')",
                "INSERT INTO files SELECT to_timestamp(i * 300), 1, 'updates', 1, 1 FROM generate_series(1, 1000) i",
                "INSERT INTO files SELECT to_timestamp(i * 300), 1, 'updates', 2, 2 FROM generate_series(1, 10) i");
            assertEquals(1010, count(db, "SELECT count(*) FROM files"), "the copies are stored while there is no key");

            assertTrue(firstLoad.rebuildIfDeferred(task));
            assertTrue(hasPrimaryKey(db), "the primary key is back");
            assertEquals(2, indexCount(db));
            assertEquals(1000, count(db, "SELECT count(*) FROM files"), "one row per file");
            assertEquals(0, count(db, "SELECT count(*) FROM files WHERE rough_size = 2"), "the first stored copy is kept");
            sql(db, "INSERT INTO files VALUES (to_timestamp(300), 1, 'updates', 3, 3) ON CONFLICT DO NOTHING");
            assertEquals(1000, count(db, "SELECT count(*) FROM files"), "inserts are insert-if-absent again");
        }
    }

    @Test
    void thePrimaryKeyStaysWhenAnotherTableReferencesFiles(PostgresDatabase db) throws Exception {
        SchemaMigrationIT.manager(db, Map.of()).apply(SchemaManagement.MIGRATE);
        sql(db, "CREATE TABLE file_notes (ts timestamptz, collector_id integer, data_type data_type, note text, "
            + "FOREIGN KEY (ts, collector_id, data_type) REFERENCES files)");
        FirstLoadIndexes firstLoad = new FirstLoadIndexes(TABLES);
        try (Connection task = task(db)) {
            assertTrue(firstLoad.deferIfEmpty(task));
            assertTrue(hasPrimaryKey(db), "a key that another table's foreign key needs is kept");
            assertEquals(0, indexCount(db), "the secondary indexes are deferred all the same");
            assertTrue(firstLoad.rebuildIfDeferred(task));
            assertEquals(2, indexCount(db));
        }
    }

    @Test
    void thePrimaryKeyStaysWhenConfiguredSo(PostgresDatabase db) throws Exception {
        SchemaMigrationIT.manager(db, Map.of()).apply(SchemaManagement.MIGRATE);
        FirstLoadIndexes firstLoad = new FirstLoadIndexes(TABLES, false);
        try (Connection task = task(db)) {
            assertTrue(firstLoad.deferIfEmpty(task));
            assertTrue(hasPrimaryKey(db), "first.load.defer.primary.key=false keeps the key");
            assertEquals(0, indexCount(db), "the secondary indexes are deferred all the same");
            sql(db, "INSERT INTO collectors (project, name) VALUES ('ripe-ris', 'rrc00')",
                "INSERT INTO files VALUES (to_timestamp(300), 1, 'updates', 1, 1) ON CONFLICT DO NOTHING",
                "INSERT INTO files VALUES (to_timestamp(300), 1, 'updates', 2, 2) ON CONFLICT DO NOTHING");
            assertEquals(1, count(db, "SELECT count(*) FROM files"), "inserts stay insert-if-absent during the load");
            assertTrue(firstLoad.rebuildIfDeferred(task));
            assertEquals(2, indexCount(db));
        }
    }

    private static boolean hasPrimaryKey(PostgresDatabase db) throws SQLException {
        return count(db, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'files'::regclass AND contype = 'p'") == 1;
    }

    private static long count(PostgresDatabase db, String query) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sql(PostgresDatabase db, String... statements) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
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
