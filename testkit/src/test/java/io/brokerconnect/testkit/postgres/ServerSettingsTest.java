package io.brokerconnect.testkit.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    @Test
    void defaultsUndoZonkysOverrides() {
        ServerSettings defaults = ServerSettings.postgresDefaults();

        assertEquals(Map.of("fsync", "on", "synchronous_commit", "on", "max_connections", "100"), defaults.values());
        assertTrue(defaults.isPostgresDefaults());
    }

    @Test
    void fastUnsafeDurabilityIsOptIn() {
        ServerSettings fast = ServerSettings.postgresDefaults().withFastUnsafeDurability();

        assertEquals("off", fast.values().get("fsync"));
        assertEquals("off", fast.values().get("synchronous_commit"));
        assertEquals("off", fast.values().get("full_page_writes"));
        assertFalse(fast.isPostgresDefaults());
    }

    @Test
    void rejectsWhatPgCtlsShellWouldMangle() {
        ServerSettings defaults = ServerSettings.postgresDefaults();

        assertThrows(IllegalArgumentException.class, () -> defaults.with("work_mem", "8 MB"));
        assertThrows(IllegalArgumentException.class, () -> defaults.with("work_mem", "8MB;rm"));
        assertThrows(IllegalArgumentException.class, () -> defaults.with("Work Mem", "8MB"));
        assertEquals("8MB", defaults.with("work_mem", "8MB").values().get("work_mem"));
    }
}
