package io.brokerconnect.cli.verify.model;

/**
 * What one side holds in one bucket: the number of rows, the sum of their row checksums
 * ({@link io.brokerconnect.cli.verify.read.ContentChecksum}) and the oldest and newest timestamp (epoch seconds).
 * Aggregates add up, so a bucket that arrives in parts (two SQLite ids that name the same collector) is simply summed.
 */
public record BucketAggregate(long rows, long checksum, long minEpoch, long maxEpoch) {

    public BucketAggregate plus(BucketAggregate other) {
        return new BucketAggregate(rows + other.rows, checksum + other.checksum,
            Math.min(minEpoch, other.minEpoch), Math.max(maxEpoch, other.maxEpoch));
    }

    /** Same rows and same checksum: the bucket's content is equal on both sides. */
    public boolean sameContent(BucketAggregate other) {
        return rows == other.rows && checksum == other.checksum;
    }
}
