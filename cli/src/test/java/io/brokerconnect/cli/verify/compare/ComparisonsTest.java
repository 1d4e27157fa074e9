package io.brokerconnect.cli.verify.compare;

import io.brokerconnect.cli.offsets.SourceOffsets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.verify.model.Bucket;
import io.brokerconnect.cli.verify.model.BucketAggregate;
import io.brokerconnect.cli.verify.model.CollectorKey;
import io.brokerconnect.cli.verify.model.CollectorValues;
import io.brokerconnect.cli.verify.model.CompareScope;
import io.brokerconnect.cli.verify.model.EpochRange;
import io.brokerconnect.cli.verify.model.LatestKey;
import io.brokerconnect.cli.verify.model.LatestRow;
import io.brokerconnect.cli.verify.report.VerifyReport;
import io.brokerconnect.cli.verify.report.VerifyReport.CollectorMismatch;
import io.brokerconnect.cli.verify.report.VerifyReport.LatestResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** latest, collector and meta comparisons on small hand-made inputs. */
class ComparisonsTest {

    private static final LatestKey RRC00_UPDATES = new LatestKey("rrc00", "updates");
    private static final CompareScope ALL = new CompareScope(EpochRange.ALL, EpochRange.ALL, EpochRange.ALL, null, null,
        null, null, 10, 10);
    private static final CompareScope UP_TO_OFFSET = new CompareScope(EpochRange.ALL, new EpochRange(null, 2_000L),
        EpochRange.ALL, new SourceOffsets(5, 5, "test"), 2_000L, null, null, 10, 10);

    @Test
    void latestIsExactWhenEverythingIsCompared() {
        LatestRow file = new LatestRow(1_000, 5L, null);
        assertTrue(LatestComparison.compare(Map.of(RRC00_UPDATES, file), Map.of(RRC00_UPDATES, file),
            Map.of(RRC00_UPDATES, file),
            Map.of(RRC00_UPDATES, file), ALL).mismatches().isEmpty());
        LatestResult stale = LatestComparison.compare(Map.of(RRC00_UPDATES, file),
            Map.of(RRC00_UPDATES, new LatestRow(700, 5L, null)), Map.of(RRC00_UPDATES, file), Map.of(RRC00_UPDATES, file), ALL);
        assertEquals(List.of("newest SQLite file: stale (older than the newest file)",
            "newest PostgreSQL file: stale (older than the newest file)"),
            stale.mismatches().stream().map(m -> m.against() + ": " + m.problem()).toList());
        LatestResult newer = LatestComparison.compare(Map.of(RRC00_UPDATES, file),
            Map.of(RRC00_UPDATES, new LatestRow(1_300, 5L, null)), Map.of(RRC00_UPDATES, new LatestRow(1_300, 5L, null)), Map.of(RRC00_UPDATES, new LatestRow(1_300, 5L, null)),
            ALL);
        assertEquals("newer than any SQLite file", newer.mismatches().get(0).problem());
    }

    @Test
    void upToTheOffsetLatestMayBeNewerButNotOlder() {
        LatestRow file = new LatestRow(1_000, 5L, 6L);
        LatestRow newer = new LatestRow(1_900, 1L, 2L);
        LatestResult result = LatestComparison.compare(Map.of(RRC00_UPDATES, file), Map.of(RRC00_UPDATES, newer),
            Map.of(RRC00_UPDATES, newer),
            Map.of(RRC00_UPDATES, newer), UP_TO_OFFSET);
        assertEquals(LatestComparison.AT_LEAST, result.mode());
        assertTrue(result.mismatches().isEmpty(), result.toString());
        LatestResult sizes = LatestComparison.compare(Map.of(RRC00_UPDATES, file),
            Map.of(RRC00_UPDATES, new LatestRow(1_000, 5L, 7L)), Map.of(RRC00_UPDATES, new LatestRow(1_000, 5L, 7L)), Map.of(RRC00_UPDATES, new LatestRow(1_000, 5L, 7L)),
            UP_TO_OFFSET);
        assertEquals("sizes differ", sizes.mismatches().get(0).problem());
    }

    /**
     * Up to the source's offset while the broker writes PostgreSQL itself: it has inserted a newer file (1,900) but
     * not yet run its separate latest upsert. latest (1,800) is still at least as new as every file below the cutoff
     * (1,500) and not newer than any file, so it is fine; below the cutoff's newest file it is stale.
     */
    @Test
    void upToTheOffsetLatestMayTrailTheBrokersFileInFlight() {
        Map<LatestKey, LatestRow> newest = Map.of(RRC00_UPDATES, new LatestRow(1_900, 1L, 2L));
        Map<LatestKey, LatestRow> beforeCutoff = Map.of(RRC00_UPDATES, new LatestRow(1_500, 3L, 4L));
        LatestResult trailing = LatestComparison.compare(Map.of(), Map.of(RRC00_UPDATES, new LatestRow(1_800, 5L, 6L)),
            newest, beforeCutoff, UP_TO_OFFSET);
        assertTrue(trailing.mismatches().isEmpty(), trailing.toString());
        LatestResult stale = LatestComparison.compare(Map.of(), Map.of(RRC00_UPDATES, new LatestRow(1_400, 5L, 6L)),
            newest, beforeCutoff, UP_TO_OFFSET);
        assertEquals("stale (older than the newest file)", stale.mismatches().get(0).problem());
        LatestResult ahead = LatestComparison.compare(Map.of(), Map.of(RRC00_UPDATES, new LatestRow(2_000, 5L, 6L)),
            newest, beforeCutoff, UP_TO_OFFSET);
        assertEquals("newer than any PostgreSQL file", ahead.mismatches().get(0).problem());
    }

    @Test
    void latestMustDescribePostgresOwnNewestFile() {
        LatestRow file = new LatestRow(1_000, 5L, 6L);
        LatestResult result = LatestComparison.compare(Map.of(), Map.of(RRC00_UPDATES, file), Map.of(), Map.of(), UP_TO_OFFSET);
        assertEquals("PostgreSQL has no such file", result.mismatches().get(0).problem());
        result = LatestComparison.compare(Map.of(), Map.of(), Map.of(RRC00_UPDATES, file), Map.of(RRC00_UPDATES, file), UP_TO_OFFSET);
        assertEquals("missing in PostgreSQL's latest", result.mismatches().get(0).problem());
    }

    @Test
    void collectorsFieldByFieldAndExtraRowsOnlyWhenNotUpToTheOffset() {
        CollectorKey rrc00 = new CollectorKey("ripe-ris", "rrc00");
        CollectorKey extra = new CollectorKey("route-views", "new-one");
        Map<CollectorKey, CollectorValues> sqlite = Map.of(rrc00, new CollectorValues("https://a", 300));
        Map<CollectorKey, CollectorValues> postgres = Map.of(rrc00, new CollectorValues("https://b", 900),
            extra, new CollectorValues(null, 900));
        assertEquals(List.of(new CollectorMismatch("ripe-ris", "rrc00", "url", "https://a", "https://b"),
                new CollectorMismatch("ripe-ris", "rrc00", "updates_interval", "300", "900"),
                new CollectorMismatch("route-views", "new-one", "row", "missing", "present")),
            CollectorComparison.compare(sqlite, postgres, false).mismatches());
        assertEquals(2, CollectorComparison.compare(sqlite, postgres, true).mismatches().size());
    }

    @Test
    void metaDaysMergeAndSamplesNameTheMissingAndExtraRows() {
        List<Bucket<Long>> sqlite = List.of(new Bucket<>(1L, new BucketAggregate(2, 10, 86_400, 86_700)),
            new Bucket<>(2L, new BucketAggregate(1, 3, 172_800, 172_800)));
        List<Bucket<Long>> postgres = List.of(new Bucket<>(1L, new BucketAggregate(2, 11, 86_400, 86_700)),
            new Bucket<>(3L, new BucketAggregate(1, 3, 259_200, 259_200)));
        MetaComparison meta = MetaComparison.of(sqlite, postgres);
        assertEquals(3, meta.compared());
        assertEquals(0, meta.equal());
        assertEquals(List.of("1970-01-02", "1970-01-03", "1970-01-04"), meta.mismatches().stream()
            .map(VerifyReport.MetaDayMismatch::day).toList());
        List<VerifyReport.MetaSample> samples = SampleRows.meta(List.of(List.of(86_400L, 10L, 5L), List.of(86_700L, 3L, 1L)),
            List.of(List.of(86_400L, 10L, 5L), List.of(86_700L, 3L, 2L)), 5);
        assertEquals(List.of(new VerifyReport.MetaSample("1970-01-02T00:05:00Z", "missing in PostgreSQL", 3, 1),
            new VerifyReport.MetaSample("1970-01-02T00:05:00Z", "only in PostgreSQL", 3, 2)), samples);
    }

    @Test
    void fileSamplesNameMissingExtraAndChangedRows() {
        Map<Long, LatestRow> expected = Map.of(100L, new LatestRow(100, 1L, 2L), 400L, new LatestRow(400, 3L, null),
            700L, new LatestRow(700, 5L, 6L));
        Map<Long, LatestRow> postgres = Map.of(100L, new LatestRow(100, 1L, 2L), 400L, new LatestRow(400, 3L, 0L),
            1_000L, new LatestRow(1_000, 9L, 9L));
        assertEquals(List.of(
                new VerifyReport.SampleRow("1970-01-01T00:06:40Z", "exact_size differs", 3L, null, 3L, 0L),
                new VerifyReport.SampleRow("1970-01-01T00:11:40Z", "missing in PostgreSQL", 5L, 6L, null, null),
                new VerifyReport.SampleRow("1970-01-01T00:16:40Z", "only in PostgreSQL", null, null, 9L, 9L)),
            SampleRows.files(expected, postgres, 5));
        assertEquals(1, SampleRows.files(expected, postgres, 1).size());
    }
}
