package io.brokerconnect.cli.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void durationsAreShortAndCarryTheTwoLargestUnits() {
        assertEquals("0s", Formats.duration(Duration.ZERO));
        assertEquals("59s", Formats.duration(Duration.ofMillis(59_999)));
        assertEquals("1m00s", Formats.duration(Duration.ofSeconds(60)));
        assertEquals("3m05s", Formats.duration(Duration.ofSeconds(185)));
        assertEquals("2h03m", Formats.duration(Duration.ofSeconds(2 * 3600 + 3 * 60 + 59)));
        assertEquals("99h59m", Formats.duration(Duration.ofSeconds(100 * 3600 - 1)));
        assertEquals("4d05h", Formats.duration(Duration.ofHours(4 * 24 + 5).plusMinutes(30)));
        assertEquals("0s", Formats.duration(Duration.ofSeconds(-5)), "a negative duration never prints as one");
    }

    @Test
    void etaIsWhatIsLeftOverTheNetGain() {
        // 1,000 rows behind, reading 150/s while the table grows 50/s: 10 s.
        assertEquals("10s", Formats.eta(1_000L, 150.0, 50.0));
        assertEquals("10s", Formats.eta(1_000L, 100.0, null), "unknown growth counts as none");
        assertEquals("1s", Formats.eta(1L, 1_000_000.0, 0.0), "rounded up, never 0s while rows are left");
        assertEquals("2h46m", Formats.eta(10_000_000L, 1_000.0, 0.0), "10,000 s = 2 h 46 min 40 s");
    }

    @Test
    void etaSaysWhyThereIsNone() {
        assertEquals(Formats.CAUGHT_UP, Formats.eta(0L, null, null));
        assertEquals(Formats.UNKNOWN, Formats.eta(null, 100.0, 0.0), "nothing known about what is left");
        assertEquals(Formats.UNKNOWN, Formats.eta(5L, null, 0.0), "no rate yet");
        assertEquals(Formats.NOT_GAINING, Formats.eta(5L, 100.0, 100.0), "reader only keeps pace");
        assertEquals(Formats.NOT_GAINING, Formats.eta(5L, 50.0, 100.0), "target grows faster");
        assertEquals(Formats.STALLED, Formats.eta(5L, 0.0, 0.0));
        assertEquals(Formats.STALLED, Formats.eta(5L, 0.0, 10.0));
    }

    @Test
    void countsRatesAndPercentages() {
        assertEquals("1,234,567", Formats.count(1_234_567L));
        assertEquals("-", Formats.count(null));
        assertEquals("142,905/s", Formats.rate(142_904.6));
        assertEquals("2.5/s", Formats.rate(2.5));
        assertEquals("0.0/s", Formats.rate(0.0));
        assertEquals("-", Formats.rate(null));
        assertEquals("99.9%", Formats.percent(99.99), "never rounds up to a 100% that is not reached");
        assertEquals("100.0%", Formats.percent(100.0));
        assertEquals("0.0%", Formats.percent(0.0));
        assertEquals("-", Formats.percent(null));
    }
}
