package io.brokerconnect.source.task;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.common.model.RecordSchemas;
import io.brokerconnect.common.model.SourceErrorRecord;
import io.brokerconnect.common.model.SourceHeaders;
import io.brokerconnect.common.model.TopicNames;
import java.util.Map;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Wraps converted rows into Connect records: topic, key, value, the source offset that is committed once the
 * record is written, and (unless turned off) a header saying which table and rowid the record came from. The Kafka partition is left
 * to the producer, which partitions by key; the record timestamp is left to the producer too, because a file's own
 * (possibly years-old) timestamp would make time-based retention delete fresh records.
 */
final class SourceRecordFactory {

    private final TopicNames topics;
    private final boolean sourceHeader;

    SourceRecordFactory(TopicNames topics, boolean sourceHeader) {
        this.topics = topics;
        this.sourceHeader = sourceHeader;
    }

    SourceRecord file(FileRecord file, String table, long rowid, Map<String, ?> partition, Map<String, ?> offset) {
        return new SourceRecord(partition, offset, topics.files(), null,
            RecordSchemas.FILE_KEY, file.toKeyStruct(), RecordSchemas.FILE_VALUE, file.toValueStruct(),
            null, headers(table, rowid));
    }

    SourceRecord meta(MetaRecord meta, String table, long rowid, Map<String, ?> partition, Map<String, ?> offset) {
        return new SourceRecord(partition, offset, topics.meta(), null,
            RecordSchemas.META_KEY, meta.toKeyStruct(), RecordSchemas.META_VALUE, meta.toValueStruct(),
            null, headers(table, rowid));
    }

    /** Collectors are re-read whole on every refresh, so their records carry no source offset. */
    SourceRecord collector(CollectorRecord collector, long rowid) {
        return new SourceRecord(null, null, topics.collectors(), null,
            RecordSchemas.COLLECTOR_KEY, collector.toKeyStruct(), RecordSchemas.COLLECTOR_VALUE,
            collector.toValueStruct(), null, headers("collectors", rowid));
    }

    SourceRecord error(SourceErrorRecord error, Map<String, ?> partition, Map<String, ?> offset) {
        return new SourceRecord(partition, offset, topics.errors(), null,
            RecordSchemas.SOURCE_ERROR_KEY, error.toKeyStruct(), RecordSchemas.SOURCE_ERROR_VALUE,
            error.toValueStruct(), null, headers(error.table(), error.rowid() == null ? -1 : error.rowid()));
    }

    /** Null without the header: a SourceRecord then has no headers object at all until something asks for one. */
    private ConnectHeaders headers(String table, long rowid) {
        if (!sourceHeader) {
            return null;
        }
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(SourceHeaders.SOURCE, SourceHeaders.value(table, rowid));
        return headers;
    }
}
