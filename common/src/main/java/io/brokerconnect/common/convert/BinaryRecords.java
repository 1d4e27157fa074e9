package io.brokerconnect.common.convert;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * The compact wire format of {@link BrokerBinaryConverter}: a record of a {@link KnownSchemas known schema} is
 * <pre>
 *   0xBC  format marker (never the first byte of JSON text, so the two formats tell themselves apart)
 *   id    the schema's one-byte wire id ({@link KnownSchemas})
 *   then each field in schema order:
 *     optional field   one byte 0 (null, nothing follows) or 1 (the value follows)
 *     string           unsigned varint byte length, then UTF-8
 *     int32, int64     zigzag varint (as protobuf's sint32/sint64)
 *     Timestamp        zigzag varint of epoch milliseconds
 *     map              unsigned varint entry count, then per entry a string key and an optional string value
 * </pre>
 * A file record takes about 45 bytes this way against about 1.3 KB as a JsonConverter envelope.
 */
final class BinaryRecords {

    static final byte MARKER = (byte) 0xBC;

    private BinaryRecords() {
    }

    static boolean isBinary(byte[] bytes) {
        return bytes.length > 0 && bytes[0] == MARKER;
    }

    /** The record's bytes; the schema must be a known one (its wire id given). */
    static byte[] write(int schemaId, Struct struct) {
        Out out = new Out();
        out.put(MARKER);
        out.put((byte) schemaId);
        for (Field field : struct.schema().fields()) {
            Object value = struct.get(field);
            Schema schema = field.schema();
            if (schema.isOptional()) {
                out.put((byte) (value == null ? 0 : 1));
            }
            if (value != null) {
                writeValue(out, schema, value);
            }
        }
        return out.bytes();
    }

    @SuppressWarnings("unchecked")
    private static void writeValue(Out out, Schema schema, Object value) {
        if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            out.signed(((Date) value).getTime());
            return;
        }
        switch (schema.type()) {
            case STRING -> out.string((String) value);
            case INT32 -> out.signed((Integer) value);
            case INT64 -> out.signed((Long) value);
            case MAP -> {
                Map<String, String> map = (Map<String, String>) value;
                out.unsigned(map.size());
                for (Map.Entry<String, String> entry : map.entrySet()) {
                    out.string(entry.getKey());
                    out.put((byte) (entry.getValue() == null ? 0 : 1));
                    if (entry.getValue() != null) {
                        out.string(entry.getValue());
                    }
                }
            }
            default -> throw new DataException("Unsupported type " + schema.type() + " in " + schema.name());
        }
    }

    /** The record in these bytes, which start with {@link #MARKER}; a DataException naming the topic if malformed. */
    static SchemaAndValue read(String topic, byte[] bytes) {
        Schema schema = bytes.length > 1 ? KnownSchemas.byId(bytes[1]) : null;
        if (schema == null) {
            throw new DataException("Record in " + topic + " has broker-connect's binary marker but unknown schema id "
                + (bytes.length > 1 ? bytes[1] : "(none)") + "; it was written by a newer broker-connect: upgrade the "
                + "connectors that read this topic");
        }
        In in = new In(bytes, 2, topic);
        Struct struct = new Struct(schema);
        List<Field> fields = schema.fields();
        for (Field field : fields) {
            Schema fieldSchema = field.schema();
            if (fieldSchema.isOptional() && in.flag() == 0) {
                continue;
            }
            struct.put(field, readValue(in, fieldSchema));
        }
        if (in.position != bytes.length) {
            throw in.malformed("has " + (bytes.length - in.position) + " bytes after its last field");
        }
        return new SchemaAndValue(schema, struct);
    }

    private static Object readValue(In in, Schema schema) {
        if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            return new Date(in.signed());
        }
        switch (schema.type()) {
            case STRING:
                return in.string();
            case INT32:
                return Math.toIntExact(in.signed());
            case INT64:
                return in.signed();
            case MAP:
                int size = in.length();
                Map<String, String> map = new LinkedHashMap<>();
                for (int i = 0; i < size; i++) {
                    String key = in.string();
                    map.put(key, in.flag() == 0 ? null : in.string());
                }
                return map;
            default:
                throw new DataException("Unsupported type " + schema.type() + " in " + schema.name());
        }
    }

    /** A growable byte buffer with the format's primitives. */
    private static final class Out {
        private byte[] buffer = new byte[96];
        private int size;

        void put(byte b) {
            if (size == buffer.length) {
                buffer = Arrays.copyOf(buffer, size * 2);
            }
            buffer[size++] = b;
        }

        void unsigned(long value) {
            while ((value & ~0x7FL) != 0) {
                put((byte) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            put((byte) value);
        }

        void signed(long value) {
            unsigned((value << 1) ^ (value >> 63));
        }

        void string(String value) {
            int length = value.length();
            boolean ascii = true;
            for (int i = 0; i < length && ascii; i++) {
                ascii = value.charAt(i) < 0x80;
            }
            if (ascii) { // the common case, without an intermediate byte array
                unsigned(length);
                ensure(length);
                for (int i = 0; i < length; i++) {
                    buffer[size++] = (byte) value.charAt(i);
                }
            } else {
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                unsigned(utf8.length);
                ensure(utf8.length);
                System.arraycopy(utf8, 0, buffer, size, utf8.length);
                size += utf8.length;
            }
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buffer, size);
        }
    }

    /** A cursor over a record's bytes that reports truncation and overlong numbers as malformed records. */
    private static final class In {
        private final byte[] bytes;
        private final String topic;
        private int position;

        In(byte[] bytes, int position, String topic) {
            this.bytes = bytes;
            this.position = position;
            this.topic = topic;
        }

        int flag() {
            byte flag = next();
            if (flag != 0 && flag != 1) {
                throw malformed("has " + flag + " where a null flag (0 or 1) belongs");
            }
            return flag;
        }

        long unsigned() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = next();
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw malformed("has a number longer than 10 bytes");
        }

        long signed() {
            long raw = unsigned();
            return (raw >>> 1) ^ -(raw & 1);
        }

        int length() {
            long length = unsigned();
            if (length > bytes.length - position) {
                throw malformed("is shorter than a length it gives (" + length + ")");
            }
            return (int) length;
        }

        String string() {
            int length = length();
            String value = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return value;
        }

        private byte next() {
            if (position >= bytes.length) {
                throw malformed("ends in the middle of a field");
            }
            return bytes[position++];
        }

        DataException malformed(String what) {
            return new DataException("Record in " + topic + " (broker-connect binary format) " + what);
        }
    }
}
