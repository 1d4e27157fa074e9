package io.brokerconnect.testkit.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension hands out one shared server and heals it between tests. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresExtensionIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    @BeforeAll
    static void serverIsReadyForBeforeAll(PostgresServer server) {
        assertSame(POSTGRES.server(), server);
    }

    @Test
    @Order(1)
    void theServerIsInjected(PostgresServer injected) throws SQLException {
        assertSame(POSTGRES.server(), injected);
        try (Connection connection = injected.connect()) {
            assertEquals("1", Queries.string(connection, "SELECT 1"));
        }
    }

    @Test
    @Order(2)
    void aTestMayLeaveTheServerStopped() {
        assumeTrue(POSTGRES.server().supportsRestart());
        POSTGRES.server().stop();
        assertFalse(POSTGRES.server().isRunning());
    }

    @Test
    @Order(3)
    void theNextTestFindsItRunningAgain() throws SQLException {
        assertTrue(POSTGRES.server().isRunning());
        try (Connection connection = POSTGRES.server().connect()) {
            assertEquals("1", Queries.string(connection, "SELECT 1"));
        }
    }

    /**
     * Another registration of {@link PostgresExtension#shared()} (as in another test class) gets the same server.
     * Its tests take no parameters: two registered extensions would compete to resolve them.
     */
    @Nested
    class AnotherRegistration {

        @RegisterExtension
        static final PostgresExtension ALSO_SHARED = PostgresExtension.shared();

        @Test
        void sharesTheServer() {
            assertSame(POSTGRES.server(), ALSO_SHARED.server());
        }
    }
}
