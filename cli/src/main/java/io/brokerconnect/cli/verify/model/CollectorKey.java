package io.brokerconnect.cli.verify.model;

import java.util.Comparator;

/** A collector by its natural key, as PostgreSQL's UNIQUE (project, name) and the records identify it. */
public record CollectorKey(String project, String name) implements Comparable<CollectorKey> {

    private static final Comparator<CollectorKey> ORDER =
        Comparator.comparing(CollectorKey::project).thenComparing(CollectorKey::name);

    @Override
    public int compareTo(CollectorKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return project + "/" + name;
    }
}
