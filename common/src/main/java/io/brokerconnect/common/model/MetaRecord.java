package io.brokerconnect.common.model;

import static io.brokerconnect.common.model.RecordSchemas.INSERT_COUNT;
import static io.brokerconnect.common.model.RecordSchemas.META_KEY;
import static io.brokerconnect.common.model.RecordSchemas.META_VALUE;
import static io.brokerconnect.common.model.RecordSchemas.UPDATE_DURATION;
import static io.brokerconnect.common.model.RecordSchemas.UPDATE_TS;

import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.apache.kafka.connect.data.Struct;

/** One crawl round of the broker: when it started, how long it took (seconds), how many files it inserted. */
public record MetaRecord(Instant updateTs, long updateDurationSeconds, long insertCount) {

    public MetaRecord {
        Objects.requireNonNull(updateTs, "updateTs");
    }

    public Struct toKeyStruct() {
        return new Struct(META_KEY).put(UPDATE_TS, Date.from(updateTs));
    }

    public Struct toValueStruct() {
        return new Struct(META_VALUE)
            .put(UPDATE_TS, Date.from(updateTs))
            .put(UPDATE_DURATION, updateDurationSeconds)
            .put(INSERT_COUNT, insertCount);
    }

    public static MetaRecord fromValueStruct(Struct value) {
        return new MetaRecord(
            ((Date) value.get(UPDATE_TS)).toInstant(),
            value.getInt64(UPDATE_DURATION),
            value.getInt64(INSERT_COUNT));
    }
}
