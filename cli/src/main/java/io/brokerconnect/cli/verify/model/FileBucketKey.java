package io.brokerconnect.cli.verify.model;

import java.time.LocalDate;
import java.util.Comparator;

/**
 * A files bucket: one UTC day (epoch seconds / 86400, as both databases compute it), one collector by its natural
 * key (project, name) and one type name. Both sides map their own ids to these names, so the order is defined
 * here, in Java, and never depends on a database collation.
 */
public record FileBucketKey(long day, String project, String collector, String type) implements Comparable<FileBucketKey> {

    private static final Comparator<FileBucketKey> ORDER = Comparator.comparingLong(FileBucketKey::day)
        .thenComparing(FileBucketKey::project)
        .thenComparing(FileBucketKey::collector)
        .thenComparing(FileBucketKey::type);

    @Override
    public int compareTo(FileBucketKey other) {
        return ORDER.compare(this, other);
    }

    public LocalDate date() {
        return LocalDate.ofEpochDay(day);
    }

    @Override
    public String toString() {
        return date() + " " + project + " " + collector + " " + type;
    }
}
