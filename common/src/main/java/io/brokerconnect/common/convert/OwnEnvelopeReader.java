package io.brokerconnect.common.convert;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Reads, without a JSON parser, the records that {@link BrokerJsonConverter} itself wrote: the envelope starts with
 * exactly the bytes of one known schema (so the schema is recognised by one array comparison instead of being
 * tokenised), and the payload is a flat object with the schema's fields in order whose values are plain strings,
 * integers or null. That is the whole files, collectors and meta stream, and reading it was the largest cost of a
 * sink's replay.
 *
 * <p>Anything else (another writer's spacing or field order, an escaped character, a map, a number too long) makes
 * {@link #read} return null, and the caller parses the record with the general JSON path, which gives the same
 * result or a precise error. So this class only decides "mine, and this simple"; it never rejects a record.
 *
 * <p>Synchronised because it reuses decoded strings; Connect uses a converter instance from one task thread, so
 * the lock is never contended there.
 */
final class OwnEnvelopeReader {

    private static final int MAX_LONG_DIGITS = 18; // any 18-digit number fits a long

    private final Known[] known;
    private final StringCache strings = new StringCache();
    private int lastMatch;

    /** @param envelopePrefixes each known schema and the exact bytes the converter starts its records with */
    OwnEnvelopeReader(Map<Schema, byte[]> envelopePrefixes) {
        this.known = envelopePrefixes.entrySet().stream().map(e -> new Known(e.getKey(), e.getValue())).toArray(Known[]::new);
    }

    /** The record, or null when it is not one of ours in the simple form (then parse it the general way). */
    synchronized SchemaAndValue read(byte[] bytes) {
        Known match = match(bytes);
        if (match == null) {
            return null;
        }
        Struct struct = new Struct(match.schema);
        Cursor in = new Cursor(bytes, match.envelopePrefix.length, bytes.length - 1);
        if (!in.take((byte) '{')) {
            return null;
        }
        List<Field> fields = match.schema.fields();
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            if ((i > 0 && !in.take((byte) ',')) || !in.take(match.fieldNames[i])) {
                return null;
            }
            Object value = readValue(in, field.schema(), i);
            if (value == NOT_SIMPLE || (value == null && !field.schema().isOptional())) {
                return null;
            }
            struct.put(field, value);
        }
        if (!in.take((byte) '}') || !in.atEnd()) {
            return null;
        }
        return new SchemaAndValue(match.schema, struct);
    }

    private Known match(byte[] bytes) {
        if (bytes.length == 0 || bytes[bytes.length - 1] != '}') {
            return null;
        }
        for (int tried = 0; tried < known.length; tried++) {
            int index = (lastMatch + tried) % known.length;
            byte[] prefix = known[index].envelopePrefix;
            if (bytes.length > prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length)) {
                lastMatch = index;
                return known[index];
            }
        }
        return null;
    }

    private static final Object NOT_SIMPLE = new Object();

    private Object readValue(Cursor in, Schema schema, int fieldIndex) {
        if (in.take(NULL)) {
            return null;
        }
        boolean timestamp = Timestamp.LOGICAL_NAME.equals(schema.name());
        switch (schema.type()) {
            case STRING -> {
                return timestamp ? NOT_SIMPLE : readString(in, fieldIndex);
            }
            case INT64 -> {
                Long number = in.longValue();
                if (number == null) {
                    return NOT_SIMPLE;
                }
                return timestamp ? new Date(number) : number;
            }
            case INT32 -> {
                Long number = in.longValue();
                return number == null || timestamp || number != number.intValue() ? NOT_SIMPLE : number.intValue();
            }
            default -> {
                return NOT_SIMPLE;
            }
        }
    }

    private Object readString(Cursor in, int fieldIndex) {
        if (!in.take((byte) '"')) {
            return NOT_SIMPLE;
        }
        int start = in.position;
        int end = in.indexOfQuote();
        if (end < 0) {
            return NOT_SIMPLE; // an escape or a control character: leave it to the JSON parser
        }
        in.position = end + 1;
        return strings.get(fieldIndex, in.bytes, start, end);
    }

    private static final byte[] NULL = ascii("null");

    /** A known schema with the bytes its records start with and each field's {@code "name":}. */
    private static final class Known {
        final Schema schema;
        final byte[] envelopePrefix;
        final byte[][] fieldNames;

        Known(Schema schema, byte[] envelopePrefix) {
            this.schema = schema;
            this.envelopePrefix = envelopePrefix;
            this.fieldNames = schema.fields().stream().map(f -> ascii("\"" + f.name() + "\":")).toArray(byte[][]::new);
        }
    }

    /** A position in the payload bytes; {@code end} is exclusive and excludes the envelope's closing brace. */
    private static final class Cursor {
        final byte[] bytes;
        final int end;
        int position;

        Cursor(byte[] bytes, int position, int end) {
            this.bytes = bytes;
            this.position = position;
            this.end = end;
        }

        boolean take(byte expected) {
            if (position < end && bytes[position] == expected) {
                position++;
                return true;
            }
            return false;
        }

        boolean take(byte[] expected) {
            int to = position + expected.length;
            if (to <= end && Arrays.equals(bytes, position, to, expected, 0, expected.length)) {
                position = to;
                return true;
            }
            return false;
        }

        boolean atEnd() {
            return position == end;
        }

        /** The closing quote of an ASCII string without escapes or control characters, or -1. */
        int indexOfQuote() {
            for (int i = position; i < end; i++) {
                byte b = bytes[i];
                if (b == '"') {
                    return i;
                }
                if (b == '\\' || b < 0x20) { // signed: also every non-ASCII byte, whose UTF-8 the parser checks
                    return -1;
                }
            }
            return -1;
        }

        /** A JSON integer of up to 18 digits, or null (a fraction, an exponent, a longer number: not simple). */
        Long longValue() {
            boolean negative = take((byte) '-');
            int start = position;
            long value = 0;
            while (position < end && bytes[position] >= '0' && bytes[position] <= '9') {
                value = value * 10 + (bytes[position++] - '0');
            }
            int digits = position - start;
            if (digits == 0 || digits > MAX_LONG_DIGITS || (digits > 1 && bytes[start] == '0')
                || (position < end && (bytes[position] == '.' || bytes[position] == 'e' || bytes[position] == 'E'))) {
                return null;
            }
            return negative ? -value : value;
        }
    }

    /**
     * Reuses the String of a recently seen value: a stream carries a few dozen collector names and two projects and
     * data types, so decoding (and keeping) a new String per record is waste.
     */
    private static final class StringCache {
        private static final int SLOTS = 256;
        private final byte[][] keys = new byte[SLOTS][];
        private final String[] values = new String[SLOTS];

        String get(int fieldIndex, byte[] bytes, int from, int to) {
            int hash = fieldIndex;
            for (int i = from; i < to; i++) {
                hash = 31 * hash + bytes[i];
            }
            int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
            byte[] key = keys[slot];
            if (key != null && Arrays.equals(key, 0, key.length, bytes, from, to)) {
                return values[slot];
            }
            String value = new String(bytes, from, to - from, StandardCharsets.UTF_8);
            keys[slot] = Arrays.copyOfRange(bytes, from, to);
            values[slot] = value;
            return value;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
