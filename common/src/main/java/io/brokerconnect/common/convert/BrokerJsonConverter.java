package io.brokerconnect.common.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.brokerconnect.common.model.RecordSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * A fast converter for broker-connect's own records that reads and writes exactly the wire format of Kafka's
 * {@code JsonConverter} with {@code schemas.enable=true}: a {@code {"schema": ..., "payload": ...}} envelope. Topics
 * it writes are plain JsonConverter topics, readable by any consumer or third-party sink, and it reads topics that
 * JsonConverter wrote.
 *
 * <p>Why it exists: JsonConverter parses every record into a tree and looks its embedded schema up in a cache by
 * hashing and comparing that tree, which made conversion the largest cost of the pipeline. This converter knows the
 * handful of schemas in {@link RecordSchemas}: it writes their schema JSON from a per-schema cache of bytes, and when
 * reading it streams over the envelope, takes the schema's name and version, skips the rest of the schema, and
 * decodes the payload straight into a Struct of the known schema. Records it wrote itself are read faster still,
 * without a JSON parser ({@link OwnEnvelopeReader}). Records of any other schema are refused with a DataException
 * (use JsonConverter for those).
 */
public class BrokerJsonConverter implements Converter {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NULL_ENVELOPE = ascii("{\"schema\":null,\"payload\":null}");
    private static final byte[] SCHEMA_PREFIX = ascii("{\"schema\":");
    private static final byte[] PAYLOAD_PREFIX = ascii(",\"payload\":");

    /** Per known schema, the bytes every record starts with: {@code {"schema":<schema JSON>,"payload":}. */
    private static final Map<Schema, byte[]> ENVELOPE_PREFIXES = buildEnvelopePrefixes();
    /** The same by wire id: found without hashing a schema. */
    private static final byte[][] ENVELOPE_PREFIX_BY_ID = new byte[KnownSchemas.ALL.size() + 1][];

    static {
        ENVELOPE_PREFIXES.forEach((schema, prefix) -> ENVELOPE_PREFIX_BY_ID[KnownSchemas.idOf(schema)] = prefix);
    }

    private final OwnEnvelopeReader ownRecords = new OwnEnvelopeReader(ENVELOPE_PREFIXES);

    /** The envelope prefix of every known schema, exactly as {@link #fromConnectData} writes it. */
    static Map<Schema, byte[]> envelopePrefixes() {
        return ENVELOPE_PREFIXES;
    }

    private static Map<Schema, byte[]> buildEnvelopePrefixes() {
        Map<Schema, byte[]> all = new LinkedHashMap<>();
        for (Schema schema : KnownSchemas.ALL) {
            all.put(schema, envelopePrefix(schema));
        }
        return java.util.Collections.unmodifiableMap(all);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object schemasEnable = configs.get("schemas.enable");
        if (schemasEnable != null && !Boolean.parseBoolean(schemasEnable.toString())) {
            throw new DataException("BrokerJsonConverter always writes schemas; remove schemas.enable=false");
        }
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (schema == null && value == null) {
            return null;
        }
        int id = KnownSchemas.requireId(schema, "BrokerJsonConverter", topic);
        if (value == null) {
            return NULL_ENVELOPE;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        buffer.writeBytes(ENVELOPE_PREFIX_BY_ID[id]);
        try (JsonGenerator out = JSON.createGenerator(buffer)) {
            writeStruct(out, (Struct) value);
        } catch (IOException e) {
            throw new DataException("Cannot serialise a " + schema.name() + " record for topic " + topic, e);
        }
        buffer.write('}');
        return buffer.toByteArray();
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] bytes) {
        if (bytes == null) {
            return SchemaAndValue.NULL;
        }
        if (BinaryRecords.isBinary(bytes)) {
            return BinaryRecords.read(topic, bytes); // written by BrokerBinaryConverter: a switch of converters never strands a topic
        }
        SchemaAndValue own = ownRecords.read(bytes);
        return own != null ? own : readWithParser(topic, bytes);
    }

    /** The general path: any spacing and field order JSON allows, with a precise error for anything malformed. */
    SchemaAndValue readWithParser(String topic, byte[] bytes) {
        try (JsonParser in = JSON.createParser(bytes)) {
            expect(in.nextToken(), JsonToken.START_OBJECT, topic);
            Schema schema = null;
            Struct value = null;
            boolean sawSchema = false;
            boolean sawPayload = false;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                JsonToken token = in.nextToken();
                if (field.equals("schema")) {
                    schema = token == JsonToken.VALUE_NULL ? null : readSchemaIdentity(in, topic);
                    sawSchema = true;
                } else if (field.equals("payload")) {
                    if (schema == null && token != JsonToken.VALUE_NULL) {
                        throw new DataException("Record in " + topic + " has a payload before its schema or no schema");
                    }
                    value = token == JsonToken.VALUE_NULL ? null : readStruct(in, schema, topic);
                    sawPayload = true;
                } else {
                    throw new DataException("Record in " + topic + " has field '" + field + "' besides schema and payload");
                }
            }
            if (!sawSchema || !sawPayload) {
                throw new DataException("Record in " + topic + " is not a JsonConverter envelope with schema and payload");
            }
            return new SchemaAndValue(schema, value);
        } catch (IOException e) {
            throw new DataException("Record in " + topic + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] envelopePrefix(Schema schema) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        buffer.writeBytes(SCHEMA_PREFIX);
        try (JsonGenerator out = JSON.createGenerator(buffer)) {
            SchemaJson.write(out, schema);
        } catch (IOException e) {
            throw new DataException("Cannot serialise schema " + schema.name(), e);
        }
        buffer.writeBytes(PAYLOAD_PREFIX);
        return buffer.toByteArray();
    }

    /** Reads the schema object's name and version, skipping the rest, and returns the known schema. */
    private static Schema readSchemaIdentity(JsonParser in, String topic) throws IOException {
        expect(in.currentToken(), JsonToken.START_OBJECT, topic);
        String name = null;
        Integer version = null;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String field = in.currentName();
            JsonToken token = in.nextToken();
            if (field.equals("name") && token == JsonToken.VALUE_STRING) {
                name = in.getText();
            } else if (field.equals("version") && token == JsonToken.VALUE_NUMBER_INT) {
                version = in.getIntValue();
            } else {
                in.skipChildren();
            }
        }
        Schema schema = KnownSchemas.byNameAndVersion(name, version);
        if (schema == null) {
            throw new DataException("Record in " + topic + " has schema " + name + " version " + version
                + ", which is not a broker-connect record schema; read this topic with JsonConverter");
        }
        return schema;
    }

    private static void writeStruct(JsonGenerator out, Struct struct) throws IOException {
        out.writeStartObject();
        for (Field field : struct.schema().fields()) {
            out.writeFieldName(field.name());
            writeValue(out, field.schema(), struct.get(field));
        }
        out.writeEndObject();
    }

    @SuppressWarnings("unchecked")
    private static void writeValue(JsonGenerator out, Schema schema, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            out.writeNumber(Timestamp.fromLogical(schema, (Date) value));
        } else {
            switch (schema.type()) {
                case STRING -> out.writeString((String) value);
                case INT32 -> out.writeNumber((Integer) value);
                case INT64 -> out.writeNumber((Long) value);
                case MAP -> {
                    out.writeStartObject();
                    for (Map.Entry<String, String> entry : ((Map<String, String>) value).entrySet()) {
                        out.writeFieldName(entry.getKey());
                        if (entry.getValue() == null) {
                            out.writeNull();
                        } else {
                            out.writeString(entry.getValue());
                        }
                    }
                    out.writeEndObject();
                }
                default -> throw new DataException("Unsupported type " + schema.type() + " in " + schema);
            }
        }
    }

    private static Struct readStruct(JsonParser in, Schema schema, String topic) throws IOException {
        expect(in.currentToken(), JsonToken.START_OBJECT, topic);
        Struct struct = new Struct(schema);
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            Field field = schema.field(in.currentName());
            JsonToken token = in.nextToken();
            if (field == null) {
                throw new DataException("Record in " + topic + " has field '" + in.currentName() + "' unknown to "
                    + schema.name());
            }
            struct.put(field, readValue(in, token, field.schema(), topic));
        }
        struct.validate();
        return struct;
    }

    private static Object readValue(JsonParser in, JsonToken token, Schema schema, String topic) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            return Timestamp.toLogical(schema, in.getLongValue());
        }
        switch (schema.type()) {
            case STRING:
                expect(token, JsonToken.VALUE_STRING, topic);
                return in.getText();
            case INT32:
                expect(token, JsonToken.VALUE_NUMBER_INT, topic);
                return in.getIntValue();
            case INT64:
                expect(token, JsonToken.VALUE_NUMBER_INT, topic);
                return in.getLongValue();
            case MAP:
                expect(token, JsonToken.START_OBJECT, topic);
                Map<String, String> map = new LinkedHashMap<>();
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    String key = in.currentName();
                    map.put(key, in.nextToken() == JsonToken.VALUE_NULL ? null : in.getText());
                }
                return map;
            default:
                throw new DataException("Unsupported type " + schema.type() + " in " + schema);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static void expect(JsonToken actual, JsonToken expected, String topic) {
        if (actual != expected) {
            throw new DataException("Record in " + topic + " is malformed: expected " + expected + " but found " + actual);
        }
    }
}
