package io.brokerconnect.source.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FilesSinceTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2024-11-29T04:00:00Z"), ZoneOffset.UTC);

    @Test
    void allMeansNoBound() {
        assertTrue(FilesSince.parse("all").isAll());
        assertTrue(FilesSince.parse(" ALL ").lowerBoundEpochSeconds(NOW).isEmpty());
    }

    @Test
    void daysCountBackFromNow() {
        assertEquals(Optional.of(Instant.parse("2024-10-30T04:00:00Z").getEpochSecond()),
            FilesSince.parse("30").lowerBoundEpochSeconds(NOW));
    }

    @Test
    void dateIsStartOfUtcDay() {
        assertEquals(Optional.of(Instant.parse("2024-10-30T00:00:00Z").getEpochSecond()),
            FilesSince.parse("2024-10-30").lowerBoundEpochSeconds(NOW));
    }

    @Test
    void instantIsExact() {
        assertEquals(Optional.of(Instant.parse("2024-10-30T12:34:56Z").getEpochSecond()),
            FilesSince.parse("2024-10-30T12:34:56Z").lowerBoundEpochSeconds(NOW));
    }

    @Test
    void nonsenseIsRefusedWithTheAcceptedForms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FilesSince.parse("yesterday"));
        assertTrue(e.getMessage().contains("number of days"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FilesSince.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> FilesSince.parse("2024-13-45"));
        assertThrows(IllegalArgumentException.class, () -> FilesSince.parse("-3"));
    }
}
