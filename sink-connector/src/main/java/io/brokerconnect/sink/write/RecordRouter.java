package io.brokerconnect.sink.write;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.common.model.RecordSchemas;
import io.brokerconnect.sink.layout.TargetLayout;
import java.util.Optional;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Sorts sink records by the name of their value schema (not by topic, so any topic naming works) and converts
 * them into the record model. Anything that is not a well-formed collector, file or meta record, or that the target
 * layout's constraints would refuse, is rejected with a reason before any SQL runs.
 */
public final class RecordRouter {

    private final TargetLayout layout;

    public RecordRouter(TargetLayout layout) {
        this.layout = layout;
    }

    private static final String COLLECTOR = RecordSchemas.COLLECTOR_VALUE.name();
    private static final String FILE = RecordSchemas.FILE_VALUE.name();
    private static final String META = RecordSchemas.META_VALUE.name();
    private static final String SOURCE_ERROR = RecordSchemas.SOURCE_ERROR_VALUE.name();

    public RoutedBatch route(List<SinkRecord> records) {
        RoutedBatch batch = new RoutedBatch(records.size());
        for (int i = 0; i < records.size(); i++) {
            SinkRecord record = records.get(i);
            try {
                routeOne(i, record, batch);
            } catch (RuntimeException e) {
                batch.rejected.add(new RoutedBatch.Rejected(record, "malformed record: " + e.getMessage(), e));
            }
        }
        return batch;
    }

    private void routeOne(int index, SinkRecord record, RoutedBatch batch) {
        Schema schema = record.valueSchema();
        if (record.value() == null) {
            batch.rejected.add(new RoutedBatch.Rejected(record, "null value (tombstone): the broker tables are "
                + "insert-only, so there is nothing to delete", null));
            return;
        }
        if (schema == null || !(record.value() instanceof Struct value)) {
            batch.rejected.add(new RoutedBatch.Rejected(record, "value has no Connect schema: configure the "
                + "sink's value.converter like the source's (e.g. JsonConverter with schemas.enable=true)", null));
            return;
        }
        String name = schema.name() == null ? "" : schema.name();
        if (name.equals(FILE)) {
            FileRecord file = FileRecord.fromValueStruct(value);
            Optional<String> refusal = layout.refusal(file);
            if (refusal.isPresent()) {
                batch.rejected.add(new RoutedBatch.Rejected(record, refusal.get(), null));
            } else {
                batch.addFile(index, file);
            }
        } else if (name.equals(COLLECTOR)) {
            CollectorRecord collector = CollectorRecord.fromValueStruct(value);
            Optional<String> refusal = layout.refusal(collector);
            if (refusal.isPresent()) {
                batch.rejected.add(new RoutedBatch.Rejected(record, refusal.get(), null));
            } else {
                batch.collectors.add(collector);
            }
        } else if (name.equals(META)) {
            MetaRecord meta = MetaRecord.fromValueStruct(value);
            if (meta.updateDurationSeconds() < 0 || meta.updateDurationSeconds() > Integer.MAX_VALUE
                || meta.insertCount() < 0 || meta.insertCount() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("update_duration and insert_count must fit PostgreSQL INTEGER: "
                    + meta);
            }
            batch.meta.add(meta);
        } else if (name.equals(SOURCE_ERROR)) {
            batch.rejected.add(new RoutedBatch.Rejected(record, "this is a source error report, not broker data; do "
                + "not subscribe the sink to the <prefix>.errors topic", null));
        } else {
            batch.rejected.add(new RoutedBatch.Rejected(record, "unexpected value schema '" + name + "'; expected "
                + FILE + ", " + COLLECTOR + " or " + META, null));
        }
    }
}
