package io.brokerconnect.cli.verify.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.verify.model.Bucket;
import io.brokerconnect.cli.verify.model.BucketAggregate;
import io.brokerconnect.cli.verify.model.FileBucketKey;
import io.brokerconnect.cli.verify.report.VerifyReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortedBucketMergeTest {

    private static Bucket<FileBucketKey> bucket(long day, String collector, String type, long rows, long checksum) {
        return new Bucket<>(new FileBucketKey(day, "ripe-ris", collector, type), new BucketAggregate(rows, checksum,
            day * 86_400, day * 86_400 + 300));
    }

    /** Records what the merge reports, in order. */
    private static final class Recorder implements SortedBucketMerge.Listener<FileBucketKey> {
        final List<String> events = new ArrayList<>();

        @Override
        public void inBoth(FileBucketKey key, BucketAggregate sqlite, BucketAggregate postgres) {
            events.add("both " + key + (sqlite.sameContent(postgres) ? " equal" : " differ"));
        }

        @Override
        public void onlyInSqlite(FileBucketKey key, BucketAggregate sqlite) {
            events.add("sqlite " + key);
        }

        @Override
        public void onlyInPostgres(FileBucketKey key, BucketAggregate postgres) {
            events.add("postgres " + key);
        }
    }

    @Test
    void reportsEveryKeyOnceInOrder() {
        List<Bucket<FileBucketKey>> sqlite = List.of(bucket(1, "rrc00", "rib", 3, 7), bucket(1, "rrc01", "rib", 1, 1),
            bucket(2, "rrc00", "updates", 288, 99), bucket(4, "rrc00", "rib", 3, 5));
        List<Bucket<FileBucketKey>> postgres = List.of(bucket(1, "rrc00", "rib", 3, 7), bucket(2, "rrc00", "rib", 2, 2),
            bucket(2, "rrc00", "updates", 288, 98), bucket(4, "rrc00", "rib", 3, 5), bucket(5, "rrc00", "rib", 1, 1));
        Recorder recorder = new Recorder();
        SortedBucketMerge.merge(sqlite.iterator(), postgres.iterator(), recorder);
        assertEquals(List.of(
            "both 1970-01-02 ripe-ris rrc00 rib equal",
            "sqlite 1970-01-02 ripe-ris rrc01 rib",
            "postgres 1970-01-03 ripe-ris rrc00 rib",
            "both 1970-01-03 ripe-ris rrc00 updates differ",
            "both 1970-01-05 ripe-ris rrc00 rib equal",
            "postgres 1970-01-06 ripe-ris rrc00 rib"), recorder.events);
    }

    @Test
    void oneSideEmpty() {
        Recorder recorder = new Recorder();
        SortedBucketMerge.merge(List.of(bucket(1, "rrc00", "rib", 1, 1)).iterator(),
            List.<Bucket<FileBucketKey>>of().iterator(), recorder);
        assertEquals(List.of("sqlite 1970-01-02 ripe-ris rrc00 rib"), recorder.events);
    }

    @Test
    void refusesAStreamOutOfOrderInsteadOfReportingFalseMismatches() {
        List<Bucket<FileBucketKey>> unordered = List.of(bucket(2, "rrc00", "rib", 1, 1), bucket(1, "rrc00", "rib", 1, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SortedBucketMerge.merge(
            unordered.iterator(), List.<Bucket<FileBucketKey>>of().iterator(), new Recorder()));
        assertTrue(e.getMessage().contains("SQLite buckets are not in strictly increasing order"), e.getMessage());
    }

    @Test
    void filesComparisonCountsAndListsMismatches() {
        FilesComparison comparison = new FilesComparison();
        SortedBucketMerge.merge(List.of(bucket(1, "rrc00", "rib", 3, 7), bucket(1, "rrc01", "rib", 2, 1)).iterator(),
            List.of(bucket(1, "rrc00", "rib", 3, 8), bucket(1, "rrc01", "rib", 1, 1)).iterator(), comparison);
        assertEquals(2, comparison.compared());
        assertEquals(0, comparison.equal());
        assertEquals(2, comparison.differing());
        assertEquals("same row count, content differs", comparison.mismatches().get(0).problem());
        assertEquals("row counts differ", comparison.mismatches().get(1).problem());
        assertEquals(5, comparison.sqlite().rows);
        assertEquals(4, comparison.postgres().rows);
        assertEquals(List.of(new VerifyReport.Distribution("ripe-ris", "rib", 5, 4)), comparison.distribution());
    }
}
