package io.brokerconnect.cli.verify.model;

import java.time.Instant;

/** A half-open range of epoch seconds, {@code [from, until)}; a null end is open. */
public record EpochRange(Long from, Long until) {

    public static final EpochRange ALL = new EpochRange(null, null);

    public EpochRange {
        if (from != null && until != null && from > until) {
            throw new IllegalArgumentException("empty time range: from " + Instant.ofEpochSecond(from) + " is after until "
                + Instant.ofEpochSecond(until));
        }
    }

    public boolean isAll() {
        return from == null && until == null;
    }

    /** This range ending no later than {@code cutoff} (null: unchanged). */
    public EpochRange untilAtMost(Long cutoff) {
        if (cutoff == null || (until != null && until <= cutoff)) {
            return this;
        }
        return new EpochRange(from != null ? Math.min(from, cutoff) : null, cutoff);
    }

    /** This range starting no earlier than {@code lower} (null: unchanged). */
    public EpochRange fromAtLeast(Long lower) {
        if (lower == null || (from != null && from >= lower)) {
            return this;
        }
        return new EpochRange(until != null ? Math.min(lower, until) : lower, until);
    }

    /** The part of this range inside one UTC day (epoch seconds / 86400). */
    public EpochRange withinDay(long day) {
        return fromAtLeast(day * 86_400).untilAtMost((day + 1) * 86_400);
    }

    public boolean contains(long epochSeconds) {
        return (from == null || epochSeconds >= from) && (until == null || epochSeconds < until);
    }

    @Override
    public String toString() {
        return "[" + (from == null ? "-inf" : Instant.ofEpochSecond(from)) + ", "
            + (until == null ? "+inf" : Instant.ofEpochSecond(until)) + ")";
    }
}
