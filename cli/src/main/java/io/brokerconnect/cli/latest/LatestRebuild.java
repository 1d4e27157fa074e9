package io.brokerconnect.cli.latest;

import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.layout.TargetLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Rebuilds the latest table from the files table with the layout's own rebuild ({@link TargetLayout#rebuildLatest()})
 * in one transaction, counting the rows before and after. For the spec layout that is the spec's
 * {@code bootstrap_latest()}; for upstream's layouts the truncate-and-refill its bootstrap.py does.
 *
 * <p>Both truncate latest and refill it with the newest file per collector and type. The spec's function names its
 * tables unqualified, so the transaction's {@code search_path} is set to the layout's data schema. TRUNCATE takes an
 * exclusive lock on latest: a sink writing at the same time waits (and retries) and then applies its only-if-newer
 * upserts on top, so nothing newer is lost. {@code lock_timeout} bounds how long the rebuild itself waits for that
 * lock behind a long transaction.
 */
public final class LatestRebuild {

    /**
     * The outcome.
     *
     * @param rowsBefore rows in latest before
     * @param rowsAfter  rows in latest after
     * @param written    what the rebuild's last statement returned (rows it inserted, or rows in latest)
     * @param elapsed    time for the whole transaction
     */
    public record Result(long rowsBefore, long rowsAfter, long written, Duration elapsed) {
    }

    private final TargetLayout layout;
    private final Duration lockTimeout;

    public LatestRebuild(TargetLayout layout, Duration lockTimeout) {
        this.layout = layout;
        this.lockTimeout = lockTimeout;
    }

    /** What does the rebuild, for messages: {@code bootstrap_latest()} or upstream's refill. */
    public String rebuilder() {
        return layout.name() == LayoutName.SPEC ? "bootstrap_latest()" : "the refill from " + layout.filesTable();
    }

    /**
     * True when the catalog can be rebuilt: for the spec layout, its schema has {@code bootstrap_latest()} (i.e. it
     * is migrated); for upstream's layouts, the files and latest tables exist.
     */
    public boolean catalogExists(Connection connection) throws SQLException {
        if (layout.name() == LayoutName.SPEC) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_proc p JOIN pg_namespace n "
                + "ON n.oid = p.pronamespace WHERE n.nspname = ? AND p.proname = 'bootstrap_latest' AND p.pronargs = 0")) {
                statement.setString(1, layout.dataSchema().name());
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next();
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT to_regclass(?) IS NOT NULL AND to_regclass(?) IS NOT NULL")) {
            statement.setString(1, layout.filesTable());
            statement.setString(2, layout.latestTable());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Runs the rebuild in one transaction on {@code connection} (committed on success, rolled back on failure). */
    public Result run(Connection connection) throws SQLException {
        long start = System.nanoTime();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            setLocal(connection, "search_path", layout.dataSchema().quoted());
            setLocal(connection, "lock_timeout", lockTimeout.toMillis() + "ms");
            long before = count(connection);
            long written = 0;
            try (Statement statement = connection.createStatement()) {
                for (String sql : layout.rebuildLatest()) {
                    if (statement.execute(sql)) {
                        try (ResultSet rs = statement.getResultSet()) {
                            rs.next();
                            written = rs.getLong(1);
                        }
                    }
                }
            }
            long after = count(connection);
            connection.commit();
            return new Result(before, after, written, Duration.ofNanos(System.nanoTime() - start));
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void setLocal(Connection connection, String setting, String value) throws SQLException {
        // set_config(..., true) is SET LOCAL with the value as a bound parameter: nothing is spliced into SQL.
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
            statement.setString(1, setting);
            statement.setString(2, value);
            statement.execute();
        }
    }

    private long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + layout.latestTable())) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
