package io.brokerconnect.common.convert;

import io.brokerconnect.common.model.RecordSchemas;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * The record schemas broker-connect's converters know, each with the one-byte id {@link BrokerBinaryConverter}
 * writes. An id is part of the wire format: never renumber one; a new schema (or a new version of one) takes the
 * next free id.
 */
final class KnownSchemas {

    /** Index = wire id; id 0 is never used, so that a zero byte is never a valid id. */
    private static final Schema[] BY_ID = {null,
        RecordSchemas.COLLECTOR_KEY, RecordSchemas.COLLECTOR_VALUE,
        RecordSchemas.FILE_KEY, RecordSchemas.FILE_VALUE,
        RecordSchemas.META_KEY, RecordSchemas.META_VALUE,
        RecordSchemas.SOURCE_ERROR_KEY, RecordSchemas.SOURCE_ERROR_VALUE};
    static final List<Schema> ALL = List.of(Arrays.copyOfRange(BY_ID, 1, BY_ID.length));
    private static final Map<String, Schema> BY_NAME_AND_VERSION = new HashMap<>();

    static {
        for (Schema schema : ALL) {
            BY_NAME_AND_VERSION.put(schema.name() + "/" + schema.version(), schema);
        }
    }

    private KnownSchemas() {
    }

    /**
     * The wire id of a known schema, or -1. Identity first: the connectors pass the constant schema instances, and
     * deep equality (what a map lookup would cost) is expensive.
     */
    static int idOf(Schema schema) {
        if (schema == null) {
            return -1;
        }
        for (int id = 1; id < BY_ID.length; id++) {
            if (BY_ID[id] == schema) {
                return id;
            }
        }
        int index = ALL.indexOf(schema);
        return index < 0 ? -1 : index + 1;
    }

    /**
     * The wire id of the schema a converter is asked to write; a DataException naming the converter and the fix
     * for any other schema.
     */
    static int requireId(Schema schema, String converter, String topic) {
        int id = idOf(schema);
        if (id < 0) {
            throw new DataException(converter + " only writes broker-connect records; topic " + topic + " got schema "
                + (schema == null ? "null" : schema.name()) + ". Use JsonConverter for other data.");
        }
        return id;
    }

    /** The schema with this wire id, or null. */
    static Schema byId(int id) {
        return id >= 1 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** The schema with this name and version, or null. */
    static Schema byNameAndVersion(String name, Integer version) {
        return BY_NAME_AND_VERSION.get(name + "/" + version);
    }
}
