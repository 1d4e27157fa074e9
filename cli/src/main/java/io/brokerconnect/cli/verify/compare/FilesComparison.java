package io.brokerconnect.cli.verify.compare;

import io.brokerconnect.cli.verify.model.BucketAggregate;
import io.brokerconnect.cli.verify.model.FileBucketKey;
import io.brokerconnect.cli.verify.report.VerifyReport.Distribution;
import io.brokerconnect.cli.verify.report.VerifyReport.FileBucketMismatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the outcome of merging the two files bucket streams: totals, time ranges, the per-project-and-type
 * distribution, whole-table checksums and the mismatching buckets (the first {@link #MAX_LISTED} are kept; the
 * rest are only counted, so that a completely empty PostgreSQL does not fill the memory with a list).
 */
public final class FilesComparison implements SortedBucketMerge.Listener<FileBucketKey> {

    static final int MAX_LISTED = 10_000;

    private final List<FileBucketMismatch> mismatches = new ArrayList<>();
    private final Map<List<String>, long[]> distribution = new TreeMap<>(
        (a, b) -> a.get(0).equals(b.get(0)) ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0)));
    private final Side sqlite = new Side();
    private final Side postgres = new Side();
    private long compared;
    private long equal;
    private long differing;
    private long notListed;

    /** Row count, checksum sum and time range of one side. */
    public static final class Side {
        long rows;
        long checksum;
        Long oldest;
        Long newest;

        void add(BucketAggregate aggregate) {
            rows += aggregate.rows();
            checksum += aggregate.checksum();
            oldest = oldest == null ? aggregate.minEpoch() : Math.min(oldest, aggregate.minEpoch());
            newest = newest == null ? aggregate.maxEpoch() : Math.max(newest, aggregate.maxEpoch());
        }

        public long rows() {
            return rows;
        }

        public long checksum() {
            return checksum;
        }

        /** The oldest timestamp (epoch seconds), null when this side had no bucket. */
        public Long oldest() {
            return oldest;
        }

        /** The newest timestamp (epoch seconds), null when this side had no bucket. */
        public Long newest() {
            return newest;
        }
    }

    @Override
    public void inBoth(FileBucketKey key, BucketAggregate sqliteBucket, BucketAggregate postgresBucket) {
        count(key, sqliteBucket, postgresBucket);
        if (sqliteBucket.sameContent(postgresBucket)) {
            equal++;
        } else {
            mismatch(key, sqliteBucket.rows() != postgresBucket.rows() ? "row counts differ"
                : "same row count, content differs", sqliteBucket, postgresBucket);
        }
    }

    @Override
    public void onlyInSqlite(FileBucketKey key, BucketAggregate sqliteBucket) {
        count(key, sqliteBucket, null);
        mismatch(key, "missing in PostgreSQL", sqliteBucket, null);
    }

    @Override
    public void onlyInPostgres(FileBucketKey key, BucketAggregate postgresBucket) {
        count(key, null, postgresBucket);
        mismatch(key, "only in PostgreSQL", null, postgresBucket);
    }

    private void count(FileBucketKey key, BucketAggregate sqliteBucket, BucketAggregate postgresBucket) {
        compared++;
        long[] perSide = distribution.computeIfAbsent(List.of(key.project(), key.type()), k -> new long[2]);
        if (sqliteBucket != null) {
            sqlite.add(sqliteBucket);
            perSide[0] += sqliteBucket.rows();
        }
        if (postgresBucket != null) {
            postgres.add(postgresBucket);
            perSide[1] += postgresBucket.rows();
        }
    }

    private void mismatch(FileBucketKey key, String problem, BucketAggregate sqliteBucket, BucketAggregate postgresBucket) {
        differing++;
        if (mismatches.size() >= MAX_LISTED) {
            notListed++;
            return;
        }
        mismatches.add(new FileBucketMismatch(key.date().toString(), key.project(), key.collector(), key.type(), problem,
            sqliteBucket == null ? 0 : sqliteBucket.rows(), postgresBucket == null ? 0 : postgresBucket.rows(),
            sqliteBucket == null ? null : hex(sqliteBucket.checksum()),
            postgresBucket == null ? null : hex(postgresBucket.checksum()), List.of()));
    }

    public static String hex(long checksum) {
        return String.format("%016x", checksum);
    }

    public long compared() {
        return compared;
    }

    public long equal() {
        return equal;
    }

    public long differing() {
        return differing;
    }

    public long notListed() {
        return notListed;
    }

    public List<FileBucketMismatch> mismatches() {
        return mismatches;
    }

    public Side sqlite() {
        return sqlite;
    }

    public Side postgres() {
        return postgres;
    }

    public List<Distribution> distribution() {
        List<Distribution> rows = new ArrayList<>();
        distribution.forEach((key, counts) -> rows.add(new Distribution(key.get(0), key.get(1), counts[0], counts[1])));
        return rows;
    }
}
