package io.brokerconnect.tools.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The analytic counting that picks the oldest timestamp and the phase boundaries. */
class TimelineTest {

    private static final long END = GeneratorOptions.DEFAULT_END.getEpochSecond();
    private static final List<FileSeries> SERIES =
            BrokerDatabaseGenerator.series(CollectorCatalog.defaults(), TypeIds.STANDARD);

    @Test
    void includedFilesAddUpToTheRequestedCountAtEverySize() {
        for (long rows : new long[] {1, 2, 85, 169, 170, 171, 999, 1_000, 13_937, 100_003}) {
            Timeline timeline = new Timeline(SERIES, END, rows);
            long included = 0;
            for (FileSeries s : SERIES) {
                for (long ts = s.alignUp(timeline.t0()); ts <= END; ts += s.period()) {
                    if (timeline.included(s, ts)) {
                        included++;
                    }
                }
            }
            assertEquals(rows, included, "rows " + rows);
            assertTrue(timeline.t0() <= timeline.backfillStart() && timeline.backfillStart() <= timeline.liveStart());
        }
    }

    @Test
    void fiftyFiveMillionRowsReachBackAboutElevenYears() {
        Timeline timeline = new Timeline(SERIES, END, 55_000_000);
        double years = (END - timeline.t0()) / (365.25 * 86_400);
        assertTrue(years > 10 && years < 12, "years " + years);
    }

    @Test
    void rowsThatCannotFitAfter1970AreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Timeline(SERIES, 86_400, 1_000_000));
    }

    @Test
    void seriesCountsFilesOnItsGrid() {
        FileSeries ris = SERIES.get(1); // rrc00 updates
        assertEquals(FileType.UPDATES, ris.type());
        assertEquals(300, ris.period());
        assertEquals(13, ris.countBetween(0, 3_600));
        assertEquals(12, ris.countBetween(1, 3_600));
        assertEquals(0, ris.countBetween(301, 599));
    }
}
