package io.brokerconnect.cli.verify.model;

/** One bucket of one side: its key (a day, or day x collector x type) and its aggregate. */
public record Bucket<K>(K key, BucketAggregate aggregate) {
}
