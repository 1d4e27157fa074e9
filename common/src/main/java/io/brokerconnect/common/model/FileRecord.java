package io.brokerconnect.common.model;

import static io.brokerconnect.common.model.RecordSchemas.COLLECTOR;
import static io.brokerconnect.common.model.RecordSchemas.DATA_TYPE;
import static io.brokerconnect.common.model.RecordSchemas.EXACT_SIZE;
import static io.brokerconnect.common.model.RecordSchemas.FILE_KEY;
import static io.brokerconnect.common.model.RecordSchemas.FILE_VALUE;
import static io.brokerconnect.common.model.RecordSchemas.PROJECT;
import static io.brokerconnect.common.model.RecordSchemas.ROUGH_SIZE;
import static io.brokerconnect.common.model.RecordSchemas.TIMESTAMP;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * One BGP archive file. Sizes are carried exactly as the broker stored them (0 = unknown); turning 0 into NULL
 * is the sink's decision, made where the target schema is known.
 */
public record FileRecord(Project project, String collector, DataType dataType, Instant timestamp,
                         long roughSize, long exactSize) {

    private static final List<Field> VALUE_FIELDS = List.of(
        FILE_VALUE.field(PROJECT), FILE_VALUE.field(COLLECTOR), FILE_VALUE.field(DATA_TYPE), FILE_VALUE.field(TIMESTAMP),
        FILE_VALUE.field(ROUGH_SIZE), FILE_VALUE.field(EXACT_SIZE));
    private static final List<Field> KEY_FIELDS = List.of(
        FILE_KEY.field(PROJECT), FILE_KEY.field(COLLECTOR), FILE_KEY.field(DATA_TYPE), FILE_KEY.field(TIMESTAMP));

    public FileRecord {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(timestamp, "timestamp");
        if (collector == null || collector.isBlank()) {
            throw new IllegalArgumentException("collector name must not be empty");
        }
        if (roughSize < 0 || exactSize < 0) {
            throw new IllegalArgumentException("sizes must not be negative: rough=" + roughSize + ", exact=" + exactSize);
        }
    }

    // Fields by position, not by name: the source builds a key and a value for every file it reads.
    public Struct toKeyStruct() {
        return new Struct(FILE_KEY)
            .put(KEY_FIELDS.get(0), project.canonicalName())
            .put(KEY_FIELDS.get(1), collector)
            .put(KEY_FIELDS.get(2), dataType.canonicalName())
            .put(KEY_FIELDS.get(3), Date.from(timestamp));
    }

    public Struct toValueStruct() {
        return new Struct(FILE_VALUE)
            .put(VALUE_FIELDS.get(0), project.canonicalName())
            .put(VALUE_FIELDS.get(1), collector)
            .put(VALUE_FIELDS.get(2), dataType.canonicalName())
            .put(VALUE_FIELDS.get(3), Date.from(timestamp))
            .put(VALUE_FIELDS.get(4), roughSize)
            .put(VALUE_FIELDS.get(5), exactSize);
    }

    public static FileRecord fromValueStruct(Struct value) {
        if (value.schema() == FILE_VALUE) {
            // The record model's own schema (what broker-connect's converters read): fields by position.
            return new FileRecord(
                Project.fromCanonicalName((String) value.get(VALUE_FIELDS.get(0))),
                (String) value.get(VALUE_FIELDS.get(1)),
                DataType.fromCanonicalName((String) value.get(VALUE_FIELDS.get(2))),
                ((Date) value.get(VALUE_FIELDS.get(3))).toInstant(),
                (Long) value.get(VALUE_FIELDS.get(4)),
                (Long) value.get(VALUE_FIELDS.get(5)));
        }
        return new FileRecord(
            Project.fromCanonicalName(value.getString(PROJECT)),
            value.getString(COLLECTOR),
            DataType.fromCanonicalName(value.getString(DATA_TYPE)),
            ((Date) value.get(TIMESTAMP)).toInstant(),
            value.getInt64(ROUGH_SIZE),
            value.getInt64(EXACT_SIZE));
    }
}
