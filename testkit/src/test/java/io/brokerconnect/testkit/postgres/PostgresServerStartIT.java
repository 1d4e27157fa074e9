package io.brokerconnect.testkit.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server starts, is a PostgreSQL 15 or newer, and is configured like a stock server. */
class PostgresServerStartIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    @Test
    void answersSelectVersion() throws SQLException {
        try (Connection connection = POSTGRES.server().connect()) {
            String version = Queries.string(connection, "SELECT version()");
            long versionNumber = Queries.number(connection, "SELECT current_setting('server_version_num')");

            assertTrue(version.startsWith("PostgreSQL "), version);
            assertTrue(versionNumber >= 150000, "PostgreSQL 15 or newer expected, got " + version);
        }
    }

    @Test
    void runsWithPostgresDefaultSettings() throws SQLException {
        PostgresServer server = POSTGRES.server();
        assumeTrue(server.isEmbedded(), "settings of an external server are whatever its owner chose");

        // Everything set on the command line must equal PostgreSQL's built-in default, except the port we chose
        // and the time zone zonky forces; initdb's postgresql.conf is the stock one.
        List<String> departures = new ArrayList<>();
        try (Connection connection = server.connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                 "SELECT name, setting, boot_val FROM pg_settings WHERE source = 'command line'"
                     + " AND name NOT IN ('port', 'TimeZone')")) {
            while (rows.next()) {
                if (!rows.getString(2).equals(rows.getString(3))) {
                    departures.add(rows.getString(1) + "=" + rows.getString(2)
                        + " (default " + rows.getString(3) + ")");
                }
            }
            assertEquals(List.of(), departures);
            assertEquals("on", Queries.string(connection, "SHOW fsync"));
            assertEquals("on", Queries.string(connection, "SHOW synchronous_commit"));
            assertEquals("on", Queries.string(connection, "SHOW full_page_writes"));
            assertEquals("100", Queries.string(connection, "SHOW max_connections"));
        }
    }

    @Test
    void requiresThePassword() {
        PostgresServer server = POSTGRES.server();
        assumeTrue(server.isEmbedded(), "authentication of an external server is its owner's business");

        SQLException refused = assertThrows(SQLException.class,
            () -> DriverManager.getConnection(server.jdbcUrl(), server.user(), "not-the-password").close());

        assertEquals("28P01", refused.getSQLState(), refused.getMessage()); // invalid_password
    }

    @Test
    void keepsDataAndLogUnderTheBuildDirectory() throws Exception {
        PostgresServer server = POSTGRES.server();
        assumeTrue(server.isEmbedded());
        Path data = server.dataDirectory().orElseThrow();
        Path log = server.logFile().orElseThrow();

        assertEquals(BuildDirectory.resolve(), data.getParent());
        assertTrue(data.getFileName().toString().startsWith("pg-"), data.toString());
        assertTrue(Files.exists(data.resolve("PG_VERSION")));
        assertTrue(Files.readString(log).contains("database system is ready to accept connections"),
            "server output goes to " + log);
    }
}
