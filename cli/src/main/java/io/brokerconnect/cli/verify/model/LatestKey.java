package io.brokerconnect.cli.verify.model;

import java.util.Comparator;

/** A {@code latest} row's key: collector name and type name (PostgreSQL's latest has no project column). */
public record LatestKey(String collector, String type) implements Comparable<LatestKey> {

    private static final Comparator<LatestKey> ORDER =
        Comparator.comparing(LatestKey::collector).thenComparing(LatestKey::type);

    @Override
    public int compareTo(LatestKey other) {
        return ORDER.compare(this, other);
    }
}
