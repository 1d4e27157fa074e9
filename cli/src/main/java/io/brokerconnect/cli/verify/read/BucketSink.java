package io.brokerconnect.cli.verify.read;

import io.brokerconnect.cli.verify.model.Bucket;

/** Where a reader puts the buckets it produces, in key order. */
@FunctionalInterface
public interface BucketSink<K> {
    void accept(Bucket<K> bucket) throws InterruptedException;
}
