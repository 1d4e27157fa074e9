package io.brokerconnect.cli.verify;

/** Where a reader puts the buckets it produces, in key order. */
@FunctionalInterface
interface BucketSink<K> {
    void accept(Bucket<K> bucket) throws InterruptedException;
}
