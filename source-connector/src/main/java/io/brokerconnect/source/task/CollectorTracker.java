package io.brokerconnect.source.task;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.DataType;
import io.brokerconnect.source.convert.Catalog;
import io.brokerconnect.source.convert.Conversion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Emits a collector record when a collectors row is new or changed since the last refresh, and an error record
 * when a collectors or types row is damaged (once per distinct problem, not on every refresh). State is held in
 * memory only: after a restart every collector is emitted once more, which the sink's upsert absorbs.
 */
final class CollectorTracker {

    private final SourceRecordFactory records;
    private final DamagedRowReporter damaged;
    private final Map<Long, CollectorRecord> emitted = new HashMap<>();
    private final Map<String, String> reportedProblems = new HashMap<>();

    CollectorTracker(SourceRecordFactory records, DamagedRowReporter damaged) {
        this.records = records;
        this.damaged = damaged;
    }

    List<SourceRecord> changesIn(Catalog catalog) {
        List<SourceRecord> out = new ArrayList<>();
        for (Map.Entry<Long, Conversion<CollectorRecord>> entry : catalog.collectors().entrySet()) {
            long id = entry.getKey();
            if (entry.getValue() instanceof Conversion.Converted<CollectorRecord> converted) {
                if (!converted.value().equals(emitted.get(id))) {
                    emitted.put(id, converted.value());
                    reportedProblems.remove("collectors/" + id);
                    out.add(records.collector(converted.value(), id));
                }
            } else if (entry.getValue() instanceof Conversion.Rejected<CollectorRecord> rejected) {
                emitted.remove(id);
                reportOnce(out, "collectors", id, rejected.reason(), catalog.collectorRow(id));
            }
        }
        for (Map.Entry<Long, Conversion<DataType>> entry : catalog.types().entrySet()) {
            if (entry.getValue() instanceof Conversion.Rejected<DataType> rejected) {
                reportOnce(out, "types", entry.getKey(), rejected.reason(), catalog.typeRow(entry.getKey()));
            }
        }
        return out;
    }

    private void reportOnce(List<SourceRecord> out, String table, long id, String reason,
                            io.brokerconnect.source.sqlite.RawRow row) {
        String problemKey = table + "/" + id;
        if (!reason.equals(reportedProblems.get(problemKey))) {
            reportedProblems.put(problemKey, reason);
            out.add(damaged.report(table, row, reason, null, null));
        }
    }
}
