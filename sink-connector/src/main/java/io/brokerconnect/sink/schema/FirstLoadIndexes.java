package io.brokerconnect.sink.schema;

import io.brokerconnect.sink.layout.DeferredIndex;
import io.brokerconnect.sink.layout.TargetLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Defers the index and constraint work of {@code files} while a first load fills it from empty, as bulk loaders
 * do: PostgreSQL checks a foreign key and maintains the indexes for every inserted row, which costs more than the
 * insert itself, while building them once at the end is a sort. Deferral and rebuild are recorded in
 * {@code broker_connect_first_load} and serialised with an advisory lock, so several tasks (or a task restarted
 * after a crash) agree on the state.
 *
 * <p>Where the layout allows it ({@link TargetLayout#deferredFilesPrimaryKey()}: the spec layout, when no other
 * table references {@code files}) and the configuration does not keep it ({@code first.load.defer.primary.key}),
 * the primary key is deferred too. Inserts then cannot skip a file that is there
 * already, so a record delivered twice during the load (a task restarted after a crash, its uncommitted records
 * redelivered) is stored twice; the rebuild removes such copies (all but the first stored) before it adds the key
 * back, keeping the first stored, so the table ends exactly as insert-if-absent would have left it (a broker that
 * already dual-writes during the load is deduplicated the same way; the runbook starts dual writes after it).
 *
 * <p>Each task decides on its own when its part of the load has caught up; a task that catches up while another
 * is still loading (its partitions ran dry sooner) must not rebuild yet, or the rest of the other task's load would
 * go through the keyed, slower path. Loading tasks therefore {@link #markLoading mark} their sessions, and the
 * rebuild waits until no session is marked.
 */
public final class FirstLoadIndexes {

    private static final Logger log = LoggerFactory.getLogger(FirstLoadIndexes.class);
    /** Arbitrary constant naming "broker-connect first load" for the advisory lock. */
    static final long LOCK_KEY = 0x62726f6b65724649L;
    /**
     * Held shared, at session level, by every task that is loading (from its first bulk batch until it has caught
     * up); a rebuild needs it exclusively, so it waits for the last loading task. A task that dies releases it with
     * its session. It is the two-key advisory lock (this class, {@code hashtext} of the state table's name), so that
     * loads into different schemas of one database do not wait for each other; in {@code pg_locks}: locktype
     * advisory, classid this value, objsubid 2.
     */
    public static final int LOADING_LOCK_CLASS = 0x62634c44;
    /** How long a task waits for another task's rebuild before its batch counts as a transient failure. */
    static final Duration REBUILD_WAIT = Duration.ofSeconds(120);
    private static final String UNIQUE_VIOLATION = "23505";

    private final TargetLayout layout;
    private final String stateTable;
    private final boolean deferPrimaryKey;

    /** Defers the primary key too where the layout allows it. */
    public FirstLoadIndexes(TargetLayout layout) {
        this(layout, true);
    }

    /** @param deferPrimaryKey false keeps the primary key during a first load whatever the layout allows */
    public FirstLoadIndexes(TargetLayout layout, boolean deferPrimaryKey) {
        this.layout = layout;
        this.stateTable = layout.firstLoadStateTable();
        this.deferPrimaryKey = deferPrimaryKey;
    }

    /** Defers the work if files is empty (or a deferral is still owed); true when the sink is in first-load mode. */
    public boolean deferIfEmpty(Connection connection) throws SQLException {
        return inLockedTransaction(connection, true, () -> {
            if (deferredFkName(connection).isPresent()) {
                return true;
            }
            if (exists(connection, "SELECT 1 FROM " + layout.filesTable() + " LIMIT 1")) {
                return false;
            }
            String fkName = foreignKeyName(connection).orElse(layout.defaultFilesForeignKeyName());
            try (Statement s = connection.createStatement()) {
                s.execute("LOCK TABLE " + layout.collectorsTable() + " IN SHARE ROW EXCLUSIVE MODE");
                s.execute("LOCK TABLE " + layout.filesTable() + " IN ACCESS EXCLUSIVE MODE");
                s.execute(layout.dropFilesForeignKey(quote(fkName)));
                for (DeferredIndex index : layout.deferredFileIndexes()) {
                    s.execute(layout.dropDeferredIndex(index));
                }
                Optional<DeferredIndex> primaryKey = layout.deferredFilesPrimaryKey();
                if (deferPrimaryKey && primaryKey.isPresent() && !referencedByForeignKeys(connection)) {
                    s.execute(layout.dropFilesPrimaryKey(primaryKey.get()));
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + stateTable + " (fk_name) VALUES (?)")) {
                insert.setString(1, fkName);
                insert.executeUpdate();
            }
            log.info("{} is empty: first load mode, its secondary indexes and foreign key are deferred until the "
                + "load has caught up", layout.filesTable());
            return true;
        });
    }

    /**
     * Marks this session as loading (a shared session-level advisory lock, kept across its transactions) so that no
     * other task rebuilds meanwhile; true if marked. Ends the current transaction (there must be no open work).
     */
    public boolean markLoading(Connection connection) throws SQLException {
        boolean marked = loadingLock(connection, "pg_try_advisory_lock_shared");
        connection.commit();
        return marked;
    }

    /** Removes the {@link #markLoading} mark of this session (this task has caught up). */
    public void markCaughtUp(Connection connection) throws SQLException {
        loadingLock(connection, "pg_advisory_unlock_shared");
        connection.commit();
    }

    /**
     * Rebuilds what was deferred, if anything is still owed; safe to call from several tasks. Returns false, at
     * once, when another task is rebuilding right now or still {@link #markLoading loading} (call again later),
     * true when nothing is owed any more.
     */
    public boolean rebuildIfDeferred(Connection connection) throws SQLException {
        return inLockedTransaction(connection, false, () -> {
            Optional<String> fkName = deferredFkName(connection);
            if (fkName.isEmpty()) {
                return true;
            }
            if (!loadingLock(connection, "pg_try_advisory_xact_lock")) {
                log.debug("Another task is still loading; the first-load rebuild waits for it");
                return false;
            }
            long start = System.nanoTime();
            try (Statement s = connection.createStatement()) {
                // Both tables locked up front, collectors first: batches take collectors (when they write it) before
                // files, so this order cannot form a cycle with them; PostgreSQL's lock queue keeps new batches
                // waiting behind this transaction instead of starving it, so it may wait as long as it needs.
                s.execute("SET LOCAL lock_timeout = 0");
                s.execute("LOCK TABLE " + layout.collectorsTable() + " IN SHARE ROW EXCLUSIVE MODE");
                s.execute("LOCK TABLE " + layout.filesTable() + " IN SHARE ROW EXCLUSIVE MODE");
                s.execute("SET LOCAL maintenance_work_mem = '512MB'");
                StepTimer steps = new StepTimer();
                Optional<DeferredIndex> primaryKey = hasPrimaryKey(connection) ? Optional.empty()
                    : layout.deferredFilesPrimaryKey();
                if (primaryKey.isPresent()) {
                    buildPrimaryKeyIndex(s, primaryKey.get());
                    steps.done("primary key");
                }
                for (DeferredIndex index : layout.deferredFileIndexes()) {
                    s.execute(layout.createDeferredIndex(index));
                    steps.done(index.name());
                }
                if (foreignKeyName(connection).isEmpty()) {
                    s.execute(layout.addFilesForeignKey(quote(fkName.get())));
                }
                s.execute("ALTER TABLE " + layout.filesTable() + " VALIDATE CONSTRAINT " + quote(fkName.get()));
                steps.done("foreign key");
                s.execute("DELETE FROM " + stateTable);
                s.execute("ANALYZE " + layout.filesTable());
                steps.done("analyze");
                if (primaryKey.isPresent()) {
                    // Last: it takes the table from readers until the commit, which follows at once.
                    s.execute(layout.attachFilesPrimaryKey(primaryKey.get()));
                }
                log.info("First load caught up: rebuilt the file table's indexes and validated its foreign key in {} ms ({})",
                    (System.nanoTime() - start) / 1_000_000, steps);
            }
            return true;
        });
    }

    /**
     * If another task is rebuilding right now, waits until it is done and returns true; otherwise returns false at
     * once. A task calls this before writing while the first load is pending, so that it waits for the rebuild like
     * for any lock instead of failing its batches on the rebuild's table locks one after the other. The wait is
     * capped at {@link #REBUILD_WAIT} (a lock timeout, so a transient failure that Connect retries): the task's
     * consumer must poll again within {@code max.poll.interval.ms} (5 minutes by default).
     *
     * <p>Writers take the lock shared: they exclude a rebuild but not each other, so two tasks checking at the same
     * moment both pass at once.
     */
    public boolean waitWhileAnotherTaskRebuilds(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            if (lockedAtOnce(s, "pg_try_advisory_xact_lock_shared", LOCK_KEY)) {
                connection.rollback();
                return false;
            }
            log.info("Another task is rebuilding the first-load indexes; waiting for it before writing");
            long start = System.nanoTime();
            s.execute("SET LOCAL lock_timeout = '" + REBUILD_WAIT.toMillis() + "ms'");
            s.execute("SELECT pg_advisory_xact_lock_shared(" + LOCK_KEY + ")");
            connection.rollback();
            log.info("The first-load rebuild by another task is over after {} ms of waiting; writing again",
                (System.nanoTime() - start) / 1_000_000);
            return true;
        } catch (SQLException | RuntimeException e) {
            rollbackKeeping(connection, e);
            throw e;
        }
    }

    /**
     * Builds the deferred primary key's unique index. Only if that fails on duplicates (a load that stored some
     * records twice, see the class comment) are the copies deleted first: finding them costs a sort of the table,
     * which a load without a restart does not pay.
     */
    private void buildPrimaryKeyIndex(Statement s, DeferredIndex key) throws SQLException {
        s.execute("SAVEPOINT files_primary_key");
        try {
            s.execute(layout.createFilesPrimaryKeyIndex(key));
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            s.execute("ROLLBACK TO SAVEPOINT files_primary_key");
            int copies = s.executeUpdate(layout.deleteDuplicateFiles(key));
            log.warn("{} held {} second copies of files (records stored twice during the first load: delivered again "
                + "after a restart, or written by the broker too); deleted them before adding its primary key back",
                layout.filesTable(), copies);
            s.execute(layout.createFilesPrimaryKeyIndex(key));
        }
    }

    private boolean hasPrimaryKey(Connection connection) throws SQLException {
        return constraintExists(connection, "SELECT 1 FROM pg_constraint WHERE conrelid = ?::regclass AND contype = 'p'");
    }

    /** Whether another table's foreign key references files (then its primary key must stay). */
    private boolean referencedByForeignKeys(Connection connection) throws SQLException {
        return constraintExists(connection, "SELECT 1 FROM pg_constraint WHERE confrelid = ?::regclass AND contype = 'f'");
    }

    private boolean constraintExists(Connection connection, String sql) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setString(1, layout.filesTable());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Optional<String> deferredFkName(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT fk_name FROM " + stateTable)) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private Optional<String> foreignKeyName(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT conname FROM pg_constraint "
            + "WHERE conrelid = ?::regclass AND contype = 'f'")) {
            s.setString(1, layout.filesTable());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static boolean exists(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    /** Constraint names come from the catalog; quoting keeps any name safe. */
    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Milliseconds per step, for the log line. */
    private static final class StepTimer {
        private final StringBuilder steps = new StringBuilder();
        private long last = System.nanoTime();

        void done(String step) {
            long now = System.nanoTime();
            steps.append(steps.length() == 0 ? "" : ", ").append(step).append(' ').append((now - last) / 1_000_000)
                .append(" ms");
            last = now;
        }

        @Override
        public String toString() {
            return steps.toString();
        }
    }

    /** Calls an advisory lock function on this load's loading lock (see {@link #LOADING_LOCK_CLASS}). */
    private boolean loadingLock(Connection connection, String function) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
            "SELECT " + function + "(" + LOADING_LOCK_CLASS + ", hashtext(?))")) {
            s.setString(1, stateTable);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static boolean lockedAtOnce(Statement s, String tryLockFunction, long key) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT " + tryLockFunction + "(" + key + ")")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private interface Work {
        boolean run() throws SQLException;
    }

    /**
     * Runs the work holding the first-load lock, without a lock timeout (the rebuild may wait for batches in
     * flight, and a task starting during a rebuild waits for it). Without {@code wait}, returns false at once if
     * another session holds the lock.
     */
    private static boolean inLockedTransaction(Connection connection, boolean wait, Work work) throws SQLException {
        try {
            try (Statement s = connection.createStatement()) {
                String sessionLockTimeout = currentLockTimeout(s);
                s.execute("SET LOCAL lock_timeout = 0");
                if (wait) {
                    s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                } else if (!lockedAtOnce(s, "pg_try_advisory_xact_lock", LOCK_KEY)) {
                    connection.rollback();
                    log.debug("Another task is rebuilding the first-load indexes");
                    return false;
                }
                // Only the wait for the advisory lock is unbounded; table locks keep the session's timeout unless
                // the work says otherwise (so a pg_dump holding files cannot park a starting task, and everyone
                // queued behind its ACCESS EXCLUSIVE request, for ever).
                try (PreparedStatement restore = connection.prepareStatement(
                    "SELECT set_config('lock_timeout', ?, true)")) {
                    restore.setString(1, sessionLockTimeout);
                    restore.execute();
                }
            }
            boolean result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackKeeping(connection, e);
            throw e;
        }
    }

    private static String currentLockTimeout(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT current_setting('lock_timeout')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Rolls back after a failure without letting a failing rollback hide the failure. */
    private static void rollbackKeeping(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }
}
