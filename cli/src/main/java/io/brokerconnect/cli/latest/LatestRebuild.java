package io.brokerconnect.cli.latest;

import io.brokerconnect.sink.config.Identifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Rebuilds {@code latest} from {@code files} with the spec's {@code bootstrap_latest()} in one transaction, counting
 * the rows before and after.
 *
 * <p>{@code bootstrap_latest()} truncates {@code latest} and refills it with the newest file per collector and type.
 * The function names its tables unqualified, so the transaction's {@code search_path} is set to the target schema.
 * TRUNCATE takes an exclusive lock on {@code latest}: a sink writing at the same time waits (and retries) and
 * then applies its only-if-newer upserts on top, so nothing newer is lost. {@code lock_timeout} bounds how long the
 * rebuild itself waits for that lock behind a long transaction.
 */
public final class LatestRebuild {

    /**
     * The outcome.
     *
     * @param rowsBefore rows in {@code latest} before
     * @param rowsAfter  rows in {@code latest} after
     * @param written    what {@code bootstrap_latest()} returned (rows it inserted)
     * @param elapsed    time for the whole transaction
     */
    public record Result(long rowsBefore, long rowsAfter, long written, Duration elapsed) {
    }

    private final Identifier schema;
    private final Duration lockTimeout;

    public LatestRebuild(Identifier schema, Duration lockTimeout) {
        this.schema = schema;
        this.lockTimeout = lockTimeout;
    }

    /** True when the schema has the spec's {@code bootstrap_latest()} (i.e. it is migrated). */
    public boolean functionExists(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_proc p JOIN pg_namespace n "
            + "ON n.oid = p.pronamespace WHERE n.nspname = ? AND p.proname = 'bootstrap_latest' AND p.pronargs = 0")) {
            statement.setString(1, schema.name());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Runs the rebuild in one transaction on {@code connection} (committed on success, rolled back on failure). */
    public Result run(Connection connection) throws SQLException {
        long start = System.nanoTime();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            setLocal(connection, "search_path", schema.quoted());
            setLocal(connection, "lock_timeout", lockTimeout.toMillis() + "ms");
            long before = count(connection);
            long written;
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT " + schema.qualify("bootstrap_latest()"))) {
                rs.next();
                written = rs.getLong(1);
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
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + schema.qualify("latest"))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
