package io.brokerconnect.sink.task;

import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.config.PostgresSinkConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's one PostgreSQL session: opened on first use and again after a failure closed it, with the sink's
 * {@code lock_timeout} and explicit transactions.
 */
final class SinkSession {

    private static final Logger log = LoggerFactory.getLogger(SinkSession.class);

    private final PostgresConnections connections;
    private final long lockTimeoutMillis;
    private Connection connection;
    private boolean lockTimeoutChecked;

    SinkSession(PostgresConnections connections, Duration lockTimeout) {
        this.connections = connections;
        this.lockTimeoutMillis = lockTimeout.toMillis();
    }

    Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Connection opened = connections.getConnection();
            try (Statement s = opened.createStatement()) {
                s.execute("SET lock_timeout = " + lockTimeoutMillis);
                if (!lockTimeoutChecked) { // once per task, not on every reconnection
                    warnIfLockTimeoutIsNotBelowDeadlockTimeout(s);
                    lockTimeoutChecked = true;
                }
                opened.setAutoCommit(false);
            } catch (SQLException | RuntimeException e) {
                try {
                    opened.close(); // never keep a half-prepared session (e.g. still in autocommit)
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            connection = opened;
        }
        return connection;
    }

    /** Closes the session (after a failure: the next {@link #connection()} opens a fresh one). */
    void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Closing a failed connection failed too", e);
            }
            connection = null;
        }
    }

    private void warnIfLockTimeoutIsNotBelowDeadlockTimeout(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT setting::bigint FROM pg_settings WHERE name = 'deadlock_timeout'")) {
            if (rs.next() && (lockTimeoutMillis == 0 || lockTimeoutMillis * 2 > rs.getLong(1))) {
                log.warn("{}={} is not well below the server's deadlock_timeout ({} ms): while the broker writes the "
                    + "same rows itself (dual write), PostgreSQL may abort the broker's statement instead of the "
                    + "sink's in a lock cycle. Set it to at most half of deadlock_timeout (a quarter or less is better).",
                    PostgresSinkConfig.LOCK_TIMEOUT_CONFIG, lockTimeoutMillis, rs.getLong(1));
            }
        }
    }
}
