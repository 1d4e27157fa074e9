package io.brokerconnect.cli.quickstart;

import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.layout.TargetLayout;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Once the data is synced, waits for the sink to finish a first load: it deferred the files table's query indexes
 * and foreign key while the table filled, and rebuilds them once it has seen no more bulk batches for
 * {@code first.load.caught.up.after.ms}. The quickstart must not stop Connect (or say it is done) before that, or
 * the catalog would stay without its indexes until a sink ran again.
 */
final class FirstLoadWait {

    private static final Duration POLL = Duration.ofMillis(250);

    private FirstLoadWait() {
    }

    /** True once nothing is owed (no first-load record, or no bookkeeping table at all); false at the deadline. */
    static boolean await(ConnectionSettings postgres, TargetLayout layout, long deadlineNanos, PrintWriter out)
            throws SQLException, InterruptedException {
        long started = System.nanoTime();
        boolean announced = false;
        try (Connection c = new PostgresConnections(postgres, "broker-connect-quickstart").getConnection()) {
            while (owed(c, layout)) {
                if (!announced) {
                    out.println("Waiting for the sink to rebuild the indexes it deferred during the first load ...");
                    out.flush();
                    announced = true;
                }
                if (System.nanoTime() > deadlineNanos) {
                    return false;
                }
                Thread.sleep(POLL.toMillis());
            }
        }
        if (announced) {
            out.printf("  rebuilt after %.1f s%n", (System.nanoTime() - started) / 1e9);
            out.flush();
        }
        return true;
    }

    private static boolean owed(Connection c, TargetLayout layout) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, layout.firstLoadStateTable());
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return false;
                }
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM "
                + layout.firstLoadStateTable())) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }
}
