package io.brokerconnect.cli.verify.read;

import io.brokerconnect.cli.verify.model.Bucket;
import io.brokerconnect.cli.verify.model.BucketAggregate;
import io.brokerconnect.cli.verify.model.FileBucketKey;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts files buckets into key order one day at a time. The databases group by their own ids (SQLite's collector
 * and type ids, PostgreSQL's collector ids) and sort only by day; the names those ids stand for are known only
 * here, so each day's buckets (about 85 collectors x 2 types) are collected, summed per name key (two ids may
 * name the same collector) and passed on sorted. Memory holds one day, never the whole table.
 */
final class DayBucketSorter {

    private final BucketSink<FileBucketKey> out;
    private final TreeMap<FileBucketKey, BucketAggregate> day = new TreeMap<>();
    private long currentDay = Long.MIN_VALUE;

    DayBucketSorter(BucketSink<FileBucketKey> out) {
        this.out = out;
    }

    /** @throws IllegalStateException if days go backwards (the query's ORDER BY day was not honoured) */
    void add(FileBucketKey key, BucketAggregate aggregate) throws InterruptedException {
        if (key.day() < currentDay) {
            throw new IllegalStateException("files aggregates are not in day order: day " + key.day() + " after "
                + currentDay);
        }
        if (key.day() > currentDay) {
            flush();
            currentDay = key.day();
        }
        day.merge(key, aggregate, BucketAggregate::plus);
    }

    /** Passes on the last day. */
    void finish() throws InterruptedException {
        flush();
    }

    private void flush() throws InterruptedException {
        for (Map.Entry<FileBucketKey, BucketAggregate> entry : day.entrySet()) {
            out.accept(new Bucket<>(entry.getKey(), entry.getValue()));
        }
        day.clear();
    }
}
