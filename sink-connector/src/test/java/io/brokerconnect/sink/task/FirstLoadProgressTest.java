package io.brokerconnect.sink.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a first load counts as caught up, on a driven clock. */
class FirstLoadProgressTest {

    private static final long MS = 1_000_000L;

    @Test
    void dueOnceOnlySmallPutsCameForTheCaughtUpPeriodAfterWriting() {
        FirstLoadProgress progress = new FirstLoadProgress(true, Duration.ofMillis(2_000), 0);
        assertFalse(progress.put(0, 5_000 * MS), "nothing written yet: an idle start is not a caught-up load");
        assertEquals(0, progress.nextCheckMillis(5_000 * MS));
        assertFalse(progress.put(5_000, 6_000 * MS), "a bulk put");
        assertEquals(2_001, progress.nextCheckMillis(6_000 * MS), "checked again when the period is over");
        assertFalse(progress.put(10, 7_000 * MS), "a small put within the period");
        assertTrue(progress.put(0, 8_000 * MS), "2 s after the last bulk put");
        progress.rebuilt(false);
        assertTrue(progress.pending(), "another task held the rebuild");
        assertEquals(2_000, progress.nextCheckMillis(9_000 * MS), "due: again after a caught-up period");
        progress.rebuilt(true);
        assertFalse(progress.pending());
        assertFalse(progress.put(0, 20_000 * MS));
        assertEquals(0, progress.nextCheckMillis(20_000 * MS));
    }

    @Test
    void aPauseAfterOnlySmallPutsIsNotCaughtUpUntilTheLongerQuietPeriod() {
        FirstLoadProgress progress = new FirstLoadProgress(true, Duration.ofMillis(1_000), 0);
        assertFalse(progress.put(85, 1_000 * MS), "the collectors, before any file");
        assertEquals(5_001, progress.nextCheckMillis(1_000 * MS), "without a bulk put the quiet period is 5 times 1 s");
        assertFalse(progress.put(0, 2_500 * MS), "1.5 s without records: the source may still be warming up");
        assertFalse(progress.put(0, 5_900 * MS));
        assertFalse(progress.put(3_000, 6_000 * MS), "the files arrive: a bulk put");
        assertEquals(1_001, progress.nextCheckMillis(6_000 * MS), "from now on the configured period");
        assertFalse(progress.put(0, 6_900 * MS));
        assertTrue(progress.put(0, 7_000 * MS), "1 s after the last bulk put");
    }

    @Test
    void aSmallLoadIsCaughtUpAfterTheLongerQuietPeriod() {
        FirstLoadProgress progress = new FirstLoadProgress(true, Duration.ofMillis(2_000), 0);
        assertFalse(progress.put(40, 1_000 * MS));
        assertFalse(progress.put(20, 5_000 * MS), "a small put restarts the quiet period");
        assertFalse(progress.put(0, 14_999 * MS));
        assertTrue(progress.put(0, 15_000 * MS), "10 s (5 times 2 s) after the last small put");
        FirstLoadProgress immediate = new FirstLoadProgress(true, Duration.ZERO, 0);
        immediate.put(1, 0);
        assertTrue(immediate.put(0, 1), "a period of 0 stays 0: the next put after a write");
    }

    @Test
    void noFirstLoadNeverFallsDue() {
        FirstLoadProgress progress = new FirstLoadProgress(false, Duration.ofMillis(100), 0);
        progress.put(1_000, 0);
        assertFalse(progress.put(0, 10_000 * MS));
        assertEquals(0, progress.nextCheckMillis(10_000 * MS));
    }
}
