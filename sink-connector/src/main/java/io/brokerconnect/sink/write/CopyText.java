package io.brokerconnect.sink.write;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the body of a {@code COPY ... FROM STDIN} in PostgreSQL's text format, escaping the characters that
 * format gives meaning to (backslash, tab, newline, carriage return). Reused across batches to spare garbage.
 */
final class CopyText {

    /** Escaped bytes of recent values: a batch names the same few collectors, projects and types over and over. */
    private static final int MAX_CACHED = 4096;

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
    private final Map<String, byte[]> escapedCache = new HashMap<>();
    private final byte[] digits = new byte[20];
    private boolean firstColumn = true;

    void reset() {
        buffer.reset();
        firstColumn = true;
    }

    CopyText text(String value) {
        separator();
        if (value == null) {
            buffer.writeBytes(NULL);
            return this;
        }
        byte[] cached = escapedCache.get(value);
        if (cached == null) {
            if (escapedCache.size() >= MAX_CACHED) {
                escapedCache.clear();
            }
            cached = escape(value);
            escapedCache.put(value, cached);
        }
        buffer.writeBytes(cached);
        return this;
    }

    private static byte[] escape(String value) {
        StringBuilder escaped = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (replacement != null && escaped == null) {
                escaped = new StringBuilder(value.substring(0, i));
            }
            if (escaped != null) {
                escaped.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return (escaped != null ? escaped.toString() : value).getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the decimal digits straight into the buffer (no String per number). */
    CopyText number(long value) {
        separator();
        if (value == Long.MIN_VALUE) {
            buffer.writeBytes(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
            return this;
        }
        if (value < 0) {
            buffer.write('-');
            value = -value;
        }
        int position = digits.length;
        do {
            digits[--position] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        buffer.write(digits, position, digits.length - position);
        return this;
    }

    void endRow() {
        buffer.write('\n');
        firstColumn = true;
    }

    byte[] bytes() {
        return buffer.toByteArray();
    }

    private void separator() {
        if (!firstColumn) {
            buffer.write('\t');
        }
        firstColumn = false;
    }

    private static final byte[] NULL = "\\N".getBytes(StandardCharsets.US_ASCII);
}
