package io.brokerconnect.testkit.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each test gets its own database: what one creates is invisible to the others. */
class CreateDatabaseIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    @Test
    void databasesAreIsolated() throws SQLException {
        PostgresServer server = POSTGRES.server();
        PostgresDatabase first = server.createUniqueDatabase("isolation_a");
        PostgresDatabase second = server.createUniqueDatabase("isolation_b");

        try (Connection a = first.connect()) {
            Queries.execute(a, "CREATE TABLE collectors (id text PRIMARY KEY)");
            Queries.execute(a, "INSERT INTO collectors VALUES ('rrc00')");
        }
        try (Connection b = second.connect()) {
            assertEquals(second.name(), Queries.string(b, "SELECT current_database()"));
            assertEquals(0, Queries.number(b, "SELECT count(*) FROM pg_tables WHERE tablename = 'collectors'"));
            Queries.execute(b, "CREATE TABLE collectors (id text PRIMARY KEY)"); // same name, no clash
        }
        try (Connection a = server.connect(first.name())) {
            assertEquals(1, Queries.number(a, "SELECT count(*) FROM collectors"));
        }
    }

    @Test
    void handleCarriesWhatAConnectorConfigNeeds() throws SQLException {
        PostgresServer server = POSTGRES.server();
        PostgresDatabase db = server.createUniqueDatabase("handle");

        assertEquals(server.jdbcUrl(db.name()), db.jdbcUrl());
        assertEquals(server.user(), db.user());
        assertEquals(server.password(), db.password());
        assertTrue(db.jdbcUrl().contains(":" + server.port() + "/"), db.jdbcUrl());
        assertTrue(!db.toString().contains(db.password()) || db.password().isEmpty(), "no password in toString");
        try (Connection connection = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            assertEquals(db.name(), Queries.string(connection, "SELECT current_database()"));
        }
    }

    @Test
    void existingNameIsAnError() {
        PostgresServer server = POSTGRES.server();
        PostgresDatabase db = server.createUniqueDatabase("duplicate");

        PostgresServerException e = assertThrows(PostgresServerException.class, () -> server.createDatabase(db.name()));

        assertEquals("42P04", ((SQLException) e.getCause()).getSQLState()); // duplicate_database
    }

    @Test
    void namesThatNeedQuotingAreRefusedBeforeReachingSql() {
        assertThrows(IllegalArgumentException.class, () -> POSTGRES.server().createDatabase("Robert\"; DROP"));
    }

    @Test
    void dropRemovesTheDatabaseEvenWithOpenSessions() throws SQLException {
        PostgresServer server = POSTGRES.server();
        PostgresDatabase db = server.createUniqueDatabase("drop");
        Connection open = db.connect();

        server.dropDatabase(db.name());

        try (Connection admin = server.connect()) {
            assertEquals(0, Queries.number(admin,
                "SELECT count(*) FROM pg_database WHERE datname = '" + db.name() + "'"));
        }
        assertThrows(SQLException.class, () -> Queries.string(open, "SELECT 1"), "the session was terminated");
        open.close();
    }

    @Test
    void injectedDatabasesAreFreshPerParameter(PostgresDatabase one, PostgresDatabase two) throws SQLException {
        assertNotEquals(one.name(), two.name());
        assertTrue(one.name().startsWith("injecteddatabasesarefreshperparameter_"), one.name());
        try (Connection connection = one.connect()) {
            assertEquals(0, Queries.number(connection,
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
        }
    }
}
