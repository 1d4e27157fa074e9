package io.brokerconnect.testkit.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Speed tweaks and single settings are applied only when asked for, on a server of the class's own. */
class FastUnsafeDurabilityIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.perClass(builder -> builder
        .fastUnsafeDurability()
        .setting("work_mem", "8MB"));

    @Test
    void appliesRequestedSettings(PostgresServer server) throws SQLException {
        assumeTrue(server.isEmbedded(), "an external server is used as configured");
        try (Connection connection = server.connect()) {
            assertEquals("off", Queries.string(connection, "SHOW fsync"));
            assertEquals("off", Queries.string(connection, "SHOW synchronous_commit"));
            assertEquals("off", Queries.string(connection, "SHOW full_page_writes"));
            assertEquals("8MB", Queries.string(connection, "SHOW work_mem"));
        }
    }
}
