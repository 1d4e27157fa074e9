package io.brokerconnect.source.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TableProgressTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void rateAndEtaFollowFromCountsAndRemainingRows() {
        TableProgress progress = new TableProgress("files", 0, 0);
        for (int i = 0; i < 1000; i++) {
            progress.emitted();
        }
        progress.rejected();
        progress.position(1001);
        progress.maxRowid(3003);
        assertEquals(1001, progress.processedCount());
        assertEquals(2002, progress.remaining());
        assertEquals(3003, progress.total());
        assertEquals(100.1, progress.ratePerSecond(10 * SECOND), 1e-9);
        assertEquals(OptionalLong.of(20), progress.etaSeconds(10 * SECOND));
        String line = progress.describe(10 * SECOND);
        assertTrue(line.startsWith("files: 1,001 of 3,003 rows (33.3%)"), line);
        assertTrue(line.contains("ETA 20s"), line);
    }

    @Test
    void caughtUpHasZeroEta() {
        TableProgress progress = new TableProgress("meta", 50, 0);
        progress.maxRowid(50);
        assertTrue(progress.caughtUp());
        assertEquals(OptionalLong.of(0), progress.etaSeconds(SECOND));
    }

    @Test
    void unknownEtaBeforeAnyRowIsProcessed() {
        TableProgress progress = new TableProgress("files", 0, 0);
        progress.maxRowid(10);
        assertEquals(OptionalLong.empty(), progress.etaSeconds(SECOND));
        assertTrue(progress.describe(SECOND).contains("ETA unknown"));
    }
}
