package io.brokerconnect.common.model;

import static io.brokerconnect.common.model.RecordSchemas.DETECTED_AT;
import static io.brokerconnect.common.model.RecordSchemas.RAW_VALUES;
import static io.brokerconnect.common.model.RecordSchemas.REASON;
import static io.brokerconnect.common.model.RecordSchemas.ROWID;
import static io.brokerconnect.common.model.RecordSchemas.SOURCE_ERROR_KEY;
import static io.brokerconnect.common.model.RecordSchemas.SOURCE_ERROR_VALUE;
import static io.brokerconnect.common.model.RecordSchemas.TABLE;

import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.connect.data.Struct;

/**
 * A source row that could not be turned into a record: where it is, what it held and why it was refused.
 * Emitted to the errors topic so that damaged rows are never dropped silently.
 *
 * @param rowid       the SQLite rowid, or null for a row without one (never the case for broker tables today)
 * @param rawValues   column name to {@code typeof:value} as SQLite returned it, insertion-ordered
 */
public record SourceErrorRecord(String table, Long rowid, String reason, Map<String, String> rawValues,
                                Instant detectedAt) {

    public SourceErrorRecord {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detectedAt, "detectedAt");
        rawValues = Collections.unmodifiableMap(new LinkedHashMap<>(rawValues));
    }

    public Struct toKeyStruct() {
        return new Struct(SOURCE_ERROR_KEY).put(TABLE, table).put(ROWID, rowid);
    }

    public Struct toValueStruct() {
        return new Struct(SOURCE_ERROR_VALUE)
            .put(TABLE, table)
            .put(ROWID, rowid)
            .put(REASON, reason)
            .put(RAW_VALUES, new LinkedHashMap<>(rawValues))
            .put(DETECTED_AT, Date.from(detectedAt));
    }

    @SuppressWarnings("unchecked")
    public static SourceErrorRecord fromValueStruct(Struct value) {
        return new SourceErrorRecord(
            value.getString(TABLE),
            value.getInt64(ROWID),
            value.getString(REASON),
            (Map<String, String>) (Map<?, ?>) value.getMap(RAW_VALUES),
            ((Date) value.get(DETECTED_AT)).toInstant());
    }
}
