package io.brokerconnect.source.it;

import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.common.model.RecordSchemas;
import io.brokerconnect.common.model.SourceErrorRecord;
import io.brokerconnect.common.model.SourceHeaders;
import io.brokerconnect.common.model.TopicNames;
import io.brokerconnect.testkit.connect.TopicReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Struct;

/** What the connector's topics hold, decoded through the record model and keyed like {@link ExpectedContent}. */
final class TopicContent {

    /** File key to value, and how many times each key was seen. */
    final Map<String, String> files = new HashMap<>();
    final Map<String, Integer> fileKeyCounts = new HashMap<>();
    final Map<String, String> meta = new HashMap<>();
    long metaRecords;
    final Map<String, String> collectors = new HashMap<>();
    final List<SourceErrorRecord> errors = new ArrayList<>();
    long fileRecords;
    long recordsWithoutSourceHeaders;

    static TopicContent read(String bootstrapServers, TopicNames topics, boolean readCommitted) {
        TopicContent content = new TopicContent();
        try (TopicReader reader = new TopicReader(bootstrapServers, readCommitted)) {
            reader.readAll(topics.files(), record -> content.addFile(record));
            reader.readAll(topics.meta(), record -> {
                MetaRecord meta = MetaRecord.fromValueStruct((Struct) record.value().value());
                content.meta.merge(Long.toString(meta.updateTs().getEpochSecond()),
                    meta.updateDurationSeconds() + "/" + meta.insertCount(), (a, b) -> a.equals(b) ? a : a + "|" + b);
                content.metaRecords++;
            });
            reader.readAll(topics.collectors(), record -> {
                Struct value = (Struct) record.value().value();
                content.collectors.put(value.getString(RecordSchemas.PROJECT) + "/" + value.getString(RecordSchemas.NAME),
                    value.getString(RecordSchemas.URL) + "/" + value.getInt32(RecordSchemas.UPDATES_INTERVAL));
            });
            reader.readAll(topics.errors(), record ->
                content.errors.add(SourceErrorRecord.fromValueStruct((Struct) record.value().value())));
        }
        return content;
    }

    private void addFile(TopicReader.Decoded record) {
        Struct key = (Struct) record.key().value();
        FileRecord value = FileRecord.fromValueStruct((Struct) record.value().value());
        String keyText = ExpectedContent.fileKey(key.getString(RecordSchemas.PROJECT),
            key.getString(RecordSchemas.COLLECTOR), key.getString(RecordSchemas.DATA_TYPE),
            ((java.util.Date) key.get(RecordSchemas.TIMESTAMP)).toInstant().getEpochSecond());
        String valueKey = ExpectedContent.fileKey(value.project().canonicalName(), value.collector(),
            value.dataType().canonicalName(), value.timestamp().getEpochSecond());
        if (!keyText.equals(valueKey)) {
            throw new AssertionError("key " + keyText + " does not match value " + valueKey);
        }
        files.put(keyText, value.roughSize() + "/" + value.exactSize());
        fileKeyCounts.merge(keyText, 1, Integer::sum);
        fileRecords++;
        Header source = record.raw().headers().lastHeader(SourceHeaders.SOURCE);
        String text = source == null ? "" : new String(source.value(), java.nio.charset.StandardCharsets.UTF_8);
        if (source == null || !text.matches("files:[0-9]+")) {
            recordsWithoutSourceHeaders++;
        }
    }

    long duplicateFileRecords() {
        return fileRecords - fileKeyCounts.size();
    }

    List<Long> errorRowids(String table) {
        return errors.stream().filter(e -> e.table().equals(table)).map(SourceErrorRecord::rowid).toList();
    }
}
