package io.brokerconnect.sink.task;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** Sorts PostgreSQL failures into "try again" and "this data can never be written". */
final class SqlErrors {

    /** Messages of transient failures seen with serverless PostgreSQL (the spec's troubleshooting section). */
    private static final List<String> TRANSIENT_MESSAGES = List.of(
        "expected to read 5 bytes, got 0 bytes at eof", "server login has been failing", "connection refused",
        "connection reset", "connection has been closed", "i/o error", "terminating connection",
        "the database system is starting up", "the database system is shutting down", "branch does not exist");

    private SqlErrors() {
    }

    /** The transient SQLException in {@code failure}'s cause chain (e.g. under Flyway's exceptions), if any. */
    static java.util.Optional<SQLException> transientCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && isTransient(sql)) {
                return java.util.Optional.of(sql);
            }
        }
        return java.util.Optional.empty();
    }

    static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && isTransientState(sql.getSQLState())) {
                return true;
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (TRANSIENT_MESSAGES.stream().anyMatch(message::contains)) {
                return true;
            }
        }
        return false;
    }

    /** Data exceptions (22) and integrity violations (23): retrying the same record cannot succeed. */
    static boolean isBadData(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static boolean isTransientState(String state) {
        if (state == null) {
            return false;
        }
        return state.startsWith("08")          // connection exceptions
            || state.equals("57P01")           // admin_shutdown (server restarting)
            || state.equals("57P02")           // crash_shutdown
            || state.equals("57P03")           // cannot_connect_now (starting up)
            || state.equals("53300")           // too_many_connections
            || state.equals("40001")           // serialization_failure
            || state.equals("40P01")           // deadlock_detected
            || state.equals("55P03");          // lock_not_available
    }
}
