package io.brokerconnect.testkit.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/** close() leaves nothing behind but the log. Servers are closed twice on purpose: close() is idempotent. */
class CloseIT {

    @Test
    void closeStopsTheServerAndDeletesTheDataDirectory() throws SQLException {
        try (PostgresServer server = PostgresServer.builder().start()) {
            assumeTrue(server.isEmbedded(), "an external server is not ours to delete");
            Path data = server.dataDirectory().orElseThrow();
            Path log = server.logFile().orElseThrow();
            String url = server.jdbcUrl();
            server.connect().close();
            assertTrue(Files.isDirectory(data));

            server.close();

            assertFalse(Files.exists(data), data + " should be gone");
            assertTrue(Files.exists(log), "the log is kept for diagnosis");
            assertFalse(server.isRunning());
            SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(url, server.user(), server.password()).close());
            assertEquals("08001", refused.getSQLState(), refused.getMessage());
        }
    }

    @Test
    void closeIsIdempotentAndEndsTheLifecycle() {
        try (PostgresServer server = PostgresServer.builder().start()) {
            server.close();
            server.close();

            assertThrows(IllegalStateException.class, server::start);
            assertThrows(IllegalStateException.class, server::stop);
        }
    }

    @Test
    void closeOfAStoppedServerStillDeletesTheData() {
        try (PostgresServer server = PostgresServer.builder().start()) {
            assumeTrue(server.supportsRestart(), "an external server must not be stopped");
            Path data = server.dataDirectory().orElseThrow();
            server.stop();

            server.close();

            assertFalse(Files.exists(data), data + " should be gone");
        }
    }
}
