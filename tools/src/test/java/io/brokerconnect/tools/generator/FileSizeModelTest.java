package io.brokerconnect.tools.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FileSizeModelTest {

    @Test
    void roughSizeIsWhatAnArchiveListingShows() {
        // "5.2M" parsed the way the broker does: 5.2 * 1024 * 1024, truncated.
        assertEquals((long) (5.2 * 1024 * 1024), FileSizeModel.listingRounded(5_450_000));
        assertEquals(312L * 1024 * 1024, FileSizeModel.listingRounded(327_500_000));
        assertEquals((long) (1.5 * 1024 * 1024 * 1024), FileSizeModel.listingRounded(1_610_000_000L));
        assertEquals(900, FileSizeModel.listingRounded(900));
    }

    @Test
    void sizesArePureFunctionsOfSeedAndFile() {
        FileSizeModel a = new FileSizeModel(1);
        FileSizeModel b = new FileSizeModel(1);
        long ts = 1_700_000_100L;
        long h = a.fileHash(3, FileType.UPDATES, ts);
        assertEquals(h, b.fileHash(3, FileType.UPDATES, ts));
        assertEquals(a.exactSize(h, 3, BrokerProject.RIPE_RIS, FileType.UPDATES, ts),
                b.exactSize(h, 3, BrokerProject.RIPE_RIS, FileType.UPDATES, ts));
    }

    @Test
    void olderFilesAreSmaller() {
        FileSizeModel model = new FileSizeModel(5);
        double recent = 0;
        double old = 0;
        for (int i = 0; i < 2_000; i++) {
            long tsRecent = 1_735_689_600L + i * 300L;
            long tsOld = tsRecent - 10 * 365 * 86_400L;
            recent += model.exactSize(Long.MAX_VALUE, 1, BrokerProject.RIPE_RIS, FileType.UPDATES, tsRecent);
            old += model.exactSize(Long.MAX_VALUE, 1, BrokerProject.RIPE_RIS, FileType.UPDATES, tsOld);
        }
        assertTrue(old < recent / 2.5, "old " + old + " recent " + recent);
    }
}
