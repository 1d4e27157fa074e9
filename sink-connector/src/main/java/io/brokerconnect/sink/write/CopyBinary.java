package io.brokerconnect.sink.write;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the body of a {@code COPY ... FROM STDIN (FORMAT binary)}: PostgreSQL reads such values as they are
 * stored, with no text to parse (a timestamp's text costs it more than the row's insert). Layout of the format:
 * a fixed signature, flags and header extension; per row a 16-bit field count, then per field a 32-bit length (-1
 * for NULL) and the value's bytes in network order; a trailer of -1. Reused across batches to spare garbage.
 */
final class CopyBinary {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** Seconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    private static final int MAX_CACHED = 4096;

    /** A plain array, not a ByteArrayOutputStream, whose write of each byte is synchronized. */
    private byte[] buffer = new byte[1 << 20];
    private int length;
    private final Map<String, byte[]> utf8Cache = new HashMap<>();

    CopyBinary() {
        reset();
    }

    /** Starts a new body: the header. */
    void reset() {
        length = 0;
        bytes(SIGNATURE);
        int32(0); // flags: no OIDs
        int32(0); // header extension length
    }

    CopyBinary row(int fields) {
        int16(fields);
        return this;
    }

    /** A timestamptz, from seconds since the Unix epoch: microseconds since PostgreSQL's epoch. */
    CopyBinary timestamp(long epochSecond) {
        int32(8);
        int64((epochSecond - POSTGRES_EPOCH_SECONDS) * 1_000_000L);
        return this;
    }

    CopyBinary int4(int value) {
        int32(4);
        int32(value);
        return this;
    }

    CopyBinary int8(long value) {
        int32(8);
        int64(value);
        return this;
    }

    CopyBinary nullValue() {
        int32(-1);
        return this;
    }

    /** A text value, also what an enum's binary input reads (its label). */
    CopyBinary text(String value) {
        if (value == null) {
            return nullValue();
        }
        byte[] bytes = utf8Cache.get(value);
        if (bytes == null) {
            if (utf8Cache.size() >= MAX_CACHED) {
                utf8Cache.clear();
            }
            bytes = value.getBytes(StandardCharsets.UTF_8);
            utf8Cache.put(value, bytes);
        }
        int32(bytes.length);
        bytes(bytes);
        return this;
    }

    /** Ends the body with the trailer; call {@link #reset()} before the next one. */
    CopyBinary end() {
        int16(-1);
        return this;
    }

    byte[] buffer() {
        return buffer;
    }

    int length() {
        return length;
    }

    private void bytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void int16(int value) {
        ensure(2);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void int32(int value) {
        ensure(4);
        buffer[length++] = (byte) (value >>> 24);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private void int64(long value) {
        int32((int) (value >>> 32));
        int32((int) value);
    }
}
