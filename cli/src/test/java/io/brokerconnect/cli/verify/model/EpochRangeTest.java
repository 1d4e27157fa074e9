package io.brokerconnect.cli.verify.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EpochRangeTest {

    @Test
    void cutoffsOnlyNarrow() {
        EpochRange window = new EpochRange(100L, 1_000L);
        assertEquals(new EpochRange(100L, 500L), window.untilAtMost(500L));
        assertEquals(window, window.untilAtMost(5_000L));
        assertEquals(window, window.untilAtMost(null));
        assertEquals(new EpochRange(200L, 1_000L), window.fromAtLeast(200L));
        assertEquals(window, window.fromAtLeast(50L));
        assertEquals(new EpochRange(null, 500L), EpochRange.ALL.untilAtMost(500L));
    }

    @Test
    void aCutoffBeforeTheWindowLeavesAnEmptyRange() {
        EpochRange empty = new EpochRange(100L, 1_000L).untilAtMost(50L);
        assertEquals(new EpochRange(50L, 50L), empty);
        assertFalse(empty.contains(50L));
        assertEquals(new EpochRange(1_000L, 1_000L), new EpochRange(100L, 1_000L).fromAtLeast(2_000L));
    }

    @Test
    void withinDayClipsToTheDayAndTheRange() {
        assertEquals(new EpochRange(86_400L, 172_800L), EpochRange.ALL.withinDay(1));
        assertEquals(new EpochRange(100_000L, 172_800L), new EpochRange(100_000L, null).withinDay(1));
        assertTrue(EpochRange.ALL.withinDay(1).contains(86_400L));
        assertFalse(EpochRange.ALL.withinDay(1).contains(172_800L));
    }

    @Test
    void refusesAReversedRange() {
        assertThrows(IllegalArgumentException.class, () -> new EpochRange(10L, 5L));
    }
}
