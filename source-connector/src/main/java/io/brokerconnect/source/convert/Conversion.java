package io.brokerconnect.source.convert;

/**
 * What became of one source row: a record to emit, a row refused with a reason (it goes to the errors topic),
 * or a good row outside the configured time bound.
 */
public sealed interface Conversion<T> {

    record Converted<T>(T value) implements Conversion<T> {
    }

    /**
     * @param unknownReference the row names a collector or type id the cached catalog does not know; the catalog
     *                         may simply be stale, so the caller re-reads it once before treating the row as damaged
     */
    record Rejected<T>(String reason, boolean unknownReference) implements Conversion<T> {
    }

    record Filtered<T>() implements Conversion<T> {
    }

    static <T> Conversion<T> converted(T value) {
        return new Converted<>(value);
    }

    static <T> Conversion<T> rejected(String reason) {
        return new Rejected<>(reason, false);
    }
}
