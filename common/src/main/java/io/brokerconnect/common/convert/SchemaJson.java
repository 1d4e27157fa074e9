package io.brokerconnect.common.convert;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * Writes a Connect schema as the JSON that Kafka's JsonConverter puts in its {@code "schema"} envelope field
 * (type, fields/keys/values, optional, name, version, doc, parameters), so consumers using JsonConverter read
 * records written by {@link BrokerJsonConverter} exactly as their own.
 */
final class SchemaJson {

    private SchemaJson() {
    }

    static void write(JsonGenerator out, Schema schema) throws IOException {
        write(out, schema, null);
    }

    private static void write(JsonGenerator out, Schema schema, String fieldName) throws IOException {
        out.writeStartObject();
        out.writeStringField("type", schema.type().getName());
        switch (schema.type()) {
            case STRUCT -> {
                out.writeArrayFieldStart("fields");
                for (Field field : schema.fields()) {
                    write(out, field.schema(), field.name());
                }
                out.writeEndArray();
            }
            case MAP -> {
                out.writeFieldName("keys");
                write(out, schema.keySchema(), null);
                out.writeFieldName("values");
                write(out, schema.valueSchema(), null);
            }
            case ARRAY -> {
                out.writeFieldName("items");
                write(out, schema.valueSchema(), null);
            }
            default -> {
            }
        }
        out.writeBooleanField("optional", schema.isOptional());
        if (schema.name() != null) {
            out.writeStringField("name", schema.name());
        }
        if (schema.version() != null) {
            out.writeNumberField("version", schema.version());
        }
        if (schema.doc() != null) {
            out.writeStringField("doc", schema.doc());
        }
        if (schema.parameters() != null && !schema.parameters().isEmpty()) {
            out.writeObjectFieldStart("parameters");
            for (Map.Entry<String, String> parameter : schema.parameters().entrySet()) {
                out.writeStringField(parameter.getKey(), parameter.getValue());
            }
            out.writeEndObject();
        }
        if (fieldName != null) {
            out.writeStringField("field", fieldName);
        }
        out.writeEndObject();
    }
}
