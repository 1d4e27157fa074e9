package io.brokerconnect.common.model;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The Connect schemas of every record the pipeline carries, defined once. Each is a named, versioned struct so
 * that JSON (with schemas), Avro and Protobuf converters all carry the same contract; a change that is not
 * backward compatible must bump the version.
 *
 * <p>Values repeat the key fields: a consumer that ignores keys (or a generic sink in upsert mode that reads
 * the primary key from the value) still has everything it needs.
 */
public final class RecordSchemas {
    public static final String NAMESPACE = "io.brokerconnect.broker";
    public static final int VERSION = 1;

    public static final String PROJECT = "project";
    public static final String NAME = "name";
    public static final String URL = "url";
    public static final String UPDATES_INTERVAL = "updates_interval";
    public static final String COLLECTOR = "collector";
    public static final String DATA_TYPE = "data_type";
    public static final String TIMESTAMP = "timestamp";
    public static final String ROUGH_SIZE = "rough_size";
    public static final String EXACT_SIZE = "exact_size";
    public static final String UPDATE_TS = "update_ts";
    public static final String UPDATE_DURATION = "update_duration";
    public static final String INSERT_COUNT = "insert_count";
    public static final String TABLE = "table";
    public static final String ROWID = "rowid";
    public static final String REASON = "reason";
    public static final String RAW_VALUES = "raw_values";
    public static final String DETECTED_AT = "detected_at";

    private static final Schema TIMESTAMP_SCHEMA = Timestamp.SCHEMA;

    public static final Schema COLLECTOR_KEY = struct("CollectorKey", "Natural key of a collector")
        .field(PROJECT, Schema.STRING_SCHEMA)
        .field(NAME, Schema.STRING_SCHEMA)
        .build();

    public static final Schema COLLECTOR_VALUE = struct("Collector", "A BGP route collector")
        .field(PROJECT, Schema.STRING_SCHEMA)
        .field(NAME, Schema.STRING_SCHEMA)
        .field(URL, Schema.OPTIONAL_STRING_SCHEMA)
        .field(UPDATES_INTERVAL, Schema.OPTIONAL_INT32_SCHEMA)
        .build();

    public static final Schema FILE_KEY = struct("FileKey", "Natural key of a BGP archive file")
        .field(PROJECT, Schema.STRING_SCHEMA)
        .field(COLLECTOR, Schema.STRING_SCHEMA)
        .field(DATA_TYPE, Schema.STRING_SCHEMA)
        .field(TIMESTAMP, TIMESTAMP_SCHEMA)
        .build();

    public static final Schema FILE_VALUE = struct("File", "A BGP archive file; sizes in bytes exactly as stored, 0 = unknown")
        .field(PROJECT, Schema.STRING_SCHEMA)
        .field(COLLECTOR, Schema.STRING_SCHEMA)
        .field(DATA_TYPE, Schema.STRING_SCHEMA)
        .field(TIMESTAMP, TIMESTAMP_SCHEMA)
        .field(ROUGH_SIZE, Schema.INT64_SCHEMA)
        .field(EXACT_SIZE, Schema.INT64_SCHEMA)
        .build();

    public static final Schema META_KEY = struct("MetaKey", "Natural key of a crawl round: its start time")
        .field(UPDATE_TS, TIMESTAMP_SCHEMA)
        .build();

    public static final Schema META_VALUE = struct("Meta", "One broker crawl round")
        .field(UPDATE_TS, TIMESTAMP_SCHEMA)
        .field(UPDATE_DURATION, Schema.INT64_SCHEMA)
        .field(INSERT_COUNT, Schema.INT64_SCHEMA)
        .build();

    public static final Schema SOURCE_ERROR_KEY = struct("SourceErrorKey", "Where a damaged row was found")
        .field(TABLE, Schema.STRING_SCHEMA)
        .field(ROWID, Schema.OPTIONAL_INT64_SCHEMA)
        .build();

    public static final Schema SOURCE_ERROR_VALUE = struct("SourceError", "A source row that could not be converted")
        .field(TABLE, Schema.STRING_SCHEMA)
        .field(ROWID, Schema.OPTIONAL_INT64_SCHEMA)
        .field(REASON, Schema.STRING_SCHEMA)
        .field(RAW_VALUES, SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA)
            .doc("Column name to the raw SQLite value rendered as 'typeof:value', e.g. 'text:garbage' or 'null'")
            .build())
        .field(DETECTED_AT, TIMESTAMP_SCHEMA)
        .build();

    private RecordSchemas() {
    }

    private static SchemaBuilder struct(String simpleName, String doc) {
        return SchemaBuilder.struct().name(NAMESPACE + "." + simpleName).version(VERSION).doc(doc);
    }
}
