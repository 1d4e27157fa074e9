package io.brokerconnect.testkit.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The "use an existing server" mode, exercised against an embedded server that plays the existing one, so it is
 * tested on every machine whether or not BROKER_CONNECT_TEST_PG_URL is set.
 */
class ExternalServerIT {

    private static PostgresServer existing;

    @BeforeAll
    static void startTheExistingServer() {
        existing = PostgresServer.builder().ignoreEnvironment().start();
    }

    @AfterAll
    static void stopTheExistingServer() {
        existing.close();
    }

    @Test
    void environmentVariablesSelectTheExistingServer() throws SQLException {
        String url = existing.jdbcUrl() + "?ApplicationName=external-it";
        try (PostgresServer server = PostgresServer.builder().environment(Map.of(
                ExternalServerConfig.URL_VARIABLE, url,
                ExternalServerConfig.USER_VARIABLE, existing.user(),
                ExternalServerConfig.PASSWORD_VARIABLE, existing.password())).start()) {

            assertFalse(server.isEmbedded());
            assertFalse(server.supportsRestart());
            assertTrue(server.isRunning());
            assertEquals(url, server.jdbcUrl());
            assertEquals(existing.port(), server.port());
            assertTrue(server.dataDirectory().isEmpty());
            try (Connection connection = server.connect()) {
                assertEquals("external-it", Queries.string(connection, "SHOW application_name"));
            }
        }
    }

    @Test
    void stopAndStartAreRefusedWithAnExplanation() {
        try (PostgresServer server = externalView()) {
            UnsupportedOperationException stop = assertThrows(UnsupportedOperationException.class, server::stop);
            assertThrows(UnsupportedOperationException.class, server::start);
            assertThrows(UnsupportedOperationException.class, server::restart);

            assertTrue(stop.getMessage().contains("supportsRestart()"), stop.getMessage());
            assertTrue(existing.isRunning(), "the existing server was not touched");
        }
    }

    @Test
    void createsDatabasesThereAndDropsThemOnClose() throws SQLException {
        String name;
        try (PostgresServer server = externalView()) {
            PostgresDatabase db = server.createUniqueDatabase("external");
            name = db.name();
            try (Connection connection = db.connect()) {
                assertEquals(name, Queries.string(connection, "SELECT current_database()"));
            }
        }

        assertTrue(existing.isRunning(), "closing the view must not stop the server");
        try (Connection connection = existing.connect()) {
            assertEquals(0, Queries.number(connection,
                "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"));
        }
    }

    @Test
    void settingsAreNotAppliedToAnExistingServer() throws SQLException {
        try (PostgresServer server = PostgresServer.builder().fastUnsafeDurability()
                .external(existing.jdbcUrl(), existing.user(), existing.password()).start();
             Connection connection = server.connect()) {
            assertEquals("on", Queries.string(connection, "SHOW fsync"));
        }
    }

    private static PostgresServer externalView() {
        return PostgresServer.builder().external(existing.jdbcUrl(), existing.user(), existing.password()).start();
    }
}
