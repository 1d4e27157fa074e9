package io.brokerconnect.testkit.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** stop() is an outage as clients see it; start() ends it on the same URL with committed data intact. */
class StopStartIT {

    /** A server of its own: stopping the shared one would be felt by classes that run in parallel in the future. */
    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.perClass();

    private static final ExecutorService LOADER = Executors.newSingleThreadExecutor();

    private PostgresServer server;

    @BeforeEach
    void requireAServerWeMayStop() {
        server = POSTGRES.server();
        assumeTrue(server.supportsRestart(), "an external server must not be stopped");
    }

    @AfterAll
    static void stopLoader() {
        LOADER.shutdownNow();
    }

    @Test
    void stopRefusesNewConnectionsAndStartBringsTheDataBackOnTheSameUrl() throws SQLException {
        PostgresDatabase db = server.createUniqueDatabase("stop_start");
        try (Connection connection = db.connect()) {
            Queries.execute(connection, "CREATE TABLE peers (ip inet PRIMARY KEY)");
            Queries.execute(connection, "INSERT INTO peers VALUES ('192.0.2.1'), ('192.0.2.2'), ('2001:db8::1')");
        }
        String url = db.jdbcUrl();
        int port = server.port();

        server.stop();

        assertFalse(server.isRunning());
        SQLException refused = assertThrows(SQLException.class,
            () -> DriverManager.getConnection(url, db.user(), db.password()).close());
        assertEquals("08001", refused.getSQLState(), refused.getMessage()); // unable to connect

        server.start();

        assertTrue(server.isRunning());
        assertEquals(port, server.port());
        assertEquals(url, server.jdbcUrl(db.name()));
        try (Connection connection = DriverManager.getConnection(url, db.user(), db.password())) {
            assertEquals(3, Queries.number(connection, "SELECT count(*) FROM peers"));
        }
    }

    @Test
    void stopInTheMiddleOfALoadBreaksTheClientAndKeepsEveryCommittedRow() throws Exception {
        PostgresDatabase db = server.createUniqueDatabase("stop_under_load");
        try (Connection connection = db.connect()) {
            Queries.execute(connection, "CREATE TABLE updates (n bigint PRIMARY KEY)");
        }
        AtomicLong committed = new AtomicLong();
        Future<SQLException> load = LOADER.submit(() -> insertUntilTheServerGoesAway(db, committed));
        Poll.until("the load has committed 200 rows", Duration.ofSeconds(30), () -> committed.get() >= 200);

        server.stop();

        SQLException failure = load.get(30, TimeUnit.SECONDS);
        assertNotNull(failure, "the loader should have been cut off by the stop");
        String state = String.valueOf(failure.getSQLState());
        // 57P01 admin_shutdown when the backend could say goodbye, 08xxx when the socket just went away.
        assertTrue(state.equals("57P01") || state.startsWith("08"), state + ": " + failure.getMessage());

        server.start();

        try (Connection connection = db.connect()) {
            long rows = Queries.number(connection, "SELECT count(*) FROM updates");
            // Every acknowledged commit survived; the insert in flight may or may not have committed.
            assertTrue(rows == committed.get() || rows == committed.get() + 1,
                rows + " rows after restart, " + committed.get() + " acknowledged");
        }
    }

    @Test
    void restartKeepsPortAndData() throws SQLException {
        PostgresDatabase db = server.createUniqueDatabase("restart");
        int port = server.port();

        server.restart();

        assertEquals(port, server.port());
        try (Connection connection = db.connect()) {
            assertEquals(db.name(), Queries.string(connection, "SELECT current_database()"));
        }
    }

    @Test
    void stopAndStartAreIdempotent() throws SQLException {
        server.stop();
        server.stop();
        assertFalse(server.isRunning());

        server.start();
        server.start();

        try (Connection connection = server.connect()) {
            assertEquals("1", Queries.string(connection, "SELECT 1"));
        }
    }

    @Test
    void createDatabaseOnAStoppedServerSaysSo() {
        server.stop();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> server.createDatabase("late"));

        assertTrue(e.getMessage().contains("stopped"), e.getMessage());
    }

    /** Inserts one row per transaction; returns the error that ended the load (bounded in rows and time). */
    private static SQLException insertUntilTheServerGoesAway(PostgresDatabase db, AtomicLong committed) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection connection = db.connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO updates VALUES (?)")) {
            for (long n = 1; n <= 10_000_000 && System.nanoTime() < deadline; n++) {
                insert.setLong(1, n);
                insert.executeUpdate();
                committed.set(n);
            }
            return null;
        } catch (SQLException e) {
            return e;
        }
    }
}
