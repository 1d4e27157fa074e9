package io.brokerconnect.cli.verify.compare;

import io.brokerconnect.cli.verify.model.Bucket;
import io.brokerconnect.cli.verify.model.BucketAggregate;
import java.util.Iterator;

/**
 * Merges two bucket streams that are each in strictly increasing key order, the way a merge join does: one pass,
 * constant memory, every key reported exactly once as present on both sides or on one side only.
 */
public final class SortedBucketMerge {

    /** Receives the merged keys in increasing order. */
    public interface Listener<K> {
        void inBoth(K key, BucketAggregate sqlite, BucketAggregate postgres);

        void onlyInSqlite(K key, BucketAggregate sqlite);

        void onlyInPostgres(K key, BucketAggregate postgres);
    }

    private SortedBucketMerge() {
    }

    /**
     * @throws IllegalStateException when a stream is not in strictly increasing key order (the merge would then
     *                               report false mismatches, so it refuses instead)
     */
    public static <K extends Comparable<K>> void merge(Iterator<Bucket<K>> sqlite, Iterator<Bucket<K>> postgres,
                                                       Listener<K> listener) {
        Bucket<K> left = next(sqlite, null, "SQLite");
        Bucket<K> right = next(postgres, null, "PostgreSQL");
        while (left != null || right != null) {
            int order = left == null ? 1 : right == null ? -1 : left.key().compareTo(right.key());
            if (order == 0) {
                listener.inBoth(left.key(), left.aggregate(), right.aggregate());
                left = next(sqlite, left, "SQLite");
                right = next(postgres, right, "PostgreSQL");
            } else if (order < 0) {
                listener.onlyInSqlite(left.key(), left.aggregate());
                left = next(sqlite, left, "SQLite");
            } else {
                listener.onlyInPostgres(right.key(), right.aggregate());
                right = next(postgres, right, "PostgreSQL");
            }
        }
    }

    private static <K extends Comparable<K>> Bucket<K> next(Iterator<Bucket<K>> stream, Bucket<K> previous, String side) {
        if (!stream.hasNext()) {
            return null;
        }
        Bucket<K> bucket = stream.next();
        if (previous != null && bucket.key().compareTo(previous.key()) <= 0) {
            throw new IllegalStateException(side + " buckets are not in strictly increasing order: " + previous.key()
                + " came before " + bucket.key());
        }
        return bucket;
    }
}
