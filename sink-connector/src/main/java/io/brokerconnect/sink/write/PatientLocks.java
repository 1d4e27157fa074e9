package io.brokerconnect.sink.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Lock waits that the sink's short session lock timeout (there so that a batch never queues behind a long lock
 * of someone else) must not cut short: waits for another sink task that holds the lock only for one batch.
 */
final class PatientLocks {

    /**
     * At least 30 s for what follows in the transaction, but never shorter than the session's own timeout, and 0 (no
     * timeout) stays 0: a user who configured lock.timeout.ms=0 asked the sink to wait as long as it takes.
     */
    static final String AT_LEAST_30_SECONDS = "SELECT set_config('lock_timeout', CASE "
        + "WHEN current_setting('lock_timeout')::interval = interval '0' "
        + "OR current_setting('lock_timeout')::interval >= interval '30s' THEN current_setting('lock_timeout') "
        + "ELSE '30s' END, true)";

    private PatientLocks() {
    }

    /**
     * Takes a transaction-scoped advisory lock, waiting {@link #AT_LEAST_30_SECONDS} for it, then puts the
     * transaction's lock timeout back as it was.
     */
    static void advisoryXactLock(Connection connection, long key) throws SQLException {
        String previous;
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_setting('lock_timeout')")) {
                rs.next();
                previous = rs.getString(1);
            }
            s.execute(AT_LEAST_30_SECONDS);
            s.execute("SELECT pg_advisory_xact_lock(" + key + ")");
        }
        try (PreparedStatement restore = connection.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
            restore.setString(1, previous);
            restore.execute();
        }
    }
}
