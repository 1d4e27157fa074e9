package io.brokerconnect.cli.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateEstimatorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void noRateBeforeTwoSamples() {
        RateEstimator rates = new RateEstimator(Duration.ofMinutes(3));
        assertNull(rates.rate("x"));
        rates.record("x", T0, 100);
        assertNull(rates.rate("x"));
    }

    @Test
    void twoSamplesGiveTheirSlope() {
        RateEstimator rates = new RateEstimator(Duration.ofMinutes(3));
        rates.record("x", T0, 100);
        rates.record("x", T0.plusSeconds(4), 500);
        assertEquals(100.0, rates.rate("x"), 1e-9);
    }

    @Test
    void counterThatChangesAtEverySampleGivesItsRate() {
        RateEstimator rates = new RateEstimator(Duration.ofMinutes(3));
        for (int i = 0; i <= 20; i++) {
            rates.record("x", T0.plusSeconds(5L * i), 1_000L * 5 * i);
        }
        assertEquals(1_000.0, rates.rate("x"), 1e-9);
    }

    @Test
    void stepsOfOffsetCommitsGiveTheTrueRateRightAfterAndBeforeAStep() {
        // The true rate is 1,000 rows/s, committed as an offset every 60 s; the status samples every 5 s.
        RateEstimator rates = new RateEstimator(Duration.ofMinutes(3));
        for (int second = 0; second <= 125; second += 5) {
            long committed = (second / 60) * 60_000L;
            rates.record("x", T0.plusSeconds(second), committed);
            if (second == 120) {
                assertEquals(1_000.0, rates.rate("x"), 1e-9, "right after the second step");
            }
        }
        assertEquals(1_000.0, rates.rate("x"), 1e-9, "between steps, on schedule");
        // Started just before a step: a first-to-last slope would say 60,000 rows in 5 s = 12,000/s at t=60.
        RateEstimator fresh = new RateEstimator(Duration.ofMinutes(3));
        fresh.record("y", T0.plusSeconds(55), 0);
        fresh.record("y", T0.plusSeconds(60), 60_000);
        fresh.record("y", T0.plusSeconds(65), 60_000);
        fresh.record("y", T0.plusSeconds(120), 120_000);
        assertEquals(1_000.0, fresh.rate("y"), 1e-9, "two changes 60 s apart");
    }

    @Test
    void stalledCounterDecaysInsteadOfKeepingItsOldRate() {
        RateEstimator rates = new RateEstimator(Duration.ofMinutes(10));
        rates.record("x", T0, 0);
        rates.record("x", T0.plusSeconds(60), 60_000);
        rates.record("x", T0.plusSeconds(120), 120_000);
        assertEquals(1_000.0, rates.rate("x"), 1e-9);
        rates.record("x", T0.plusSeconds(180), 120_000); // the next step is due now: still on schedule
        assertEquals(1_000.0, rates.rate("x"), 1e-9);
        rates.record("x", T0.plusSeconds(300), 120_000); // two steps overdue
        double decayed = rates.rate("x");
        assertTrue(decayed < 500 && decayed > 0, "decays: " + decayed);
    }

    @Test
    void oldSamplesLeaveTheWindow() {
        RateEstimator rates = new RateEstimator(Duration.ofSeconds(30));
        rates.record("x", T0, 0);
        rates.record("x", T0.plusSeconds(10), 100_000); // a burst long ago
        for (int second = 100; second <= 130; second += 10) {
            rates.record("x", T0.plusSeconds(second), 100_000 + 10L * (second - 100));
        }
        assertEquals(10.0, rates.rate("x"), 1e-9, "only the last 30 s count");
    }

    @Test
    void aFlatCounterHasRateZeroAndKeysAreIndependent() {
        RateEstimator rates = new RateEstimator(Duration.ofMinutes(3));
        rates.record("flat", T0, 7);
        rates.record("flat", T0.plusSeconds(5), 7);
        rates.record("other", T0, 0);
        rates.record("other", T0.plusSeconds(5), 50);
        assertEquals(0.0, rates.rate("flat"), 1e-9);
        assertEquals(10.0, rates.rate("other"), 1e-9);
    }
}
