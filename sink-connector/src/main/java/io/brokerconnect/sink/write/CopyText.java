package io.brokerconnect.sink.write;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds the body of a {@code COPY ... FROM STDIN} in PostgreSQL's text format, escaping the characters that
 * format gives meaning to (backslash, tab, newline, carriage return). Reused across batches to spare garbage.
 */
final class CopyText {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
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
        buffer.writeBytes((escaped != null ? escaped.toString() : value).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    CopyText number(long value) {
        separator();
        buffer.writeBytes(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
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
