package io.brokerconnect.source.convert;

import io.brokerconnect.source.sqlite.RawRow;

/** Type checks on raw SQLite values, whose declared column types are only affinities. */
final class RawValues {

    /** PostgreSQL's TIMESTAMPTZ ends in year 294276, but a broker file after year 9999 is certainly damage. */
    static final long MAX_EPOCH_SECONDS = 253_402_300_799L;

    private RawValues() {
    }

    static long integer(RawRow row, int index, long min, long max) throws RejectedValueException {
        Object value = row.get(index);
        String column = row.columns().get(index);
        if (!(value instanceof Long number)) {
            throw new RejectedValueException(column + " is " + describe(value) + ", not an integer");
        }
        if (number < min || number > max) {
            throw new RejectedValueException(column + " " + number + " is out of range [" + min + ", " + max + "]");
        }
        return number;
    }

    static long epochSeconds(RawRow row, int index) throws RejectedValueException {
        return integer(row, index, 0, MAX_EPOCH_SECONDS);
    }

    static String text(RawRow row, int index, boolean required) throws RejectedValueException {
        Object value = row.get(index);
        String column = row.columns().get(index);
        if (value == null) {
            if (required) {
                throw new RejectedValueException(column + " is NULL");
            }
            return null;
        }
        if (!(value instanceof String text)) {
            throw new RejectedValueException(column + " is " + describe(value) + ", not text");
        }
        if (required && text.isBlank()) {
            throw new RejectedValueException(column + " is empty");
        }
        return text;
    }

    static String describe(Object value) {
        if (value == null) {
            return "NULL";
        }
        String rendered = RawRow.render(value);
        int colon = rendered.indexOf(':');
        return rendered.substring(0, colon).toUpperCase(java.util.Locale.ROOT) + " '" + rendered.substring(colon + 1) + "'";
    }
}
