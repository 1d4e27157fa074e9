package io.brokerconnect.source.task;

import io.brokerconnect.common.model.SourceErrorRecord;
import io.brokerconnect.source.sqlite.RawRow;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a refused row into an errors-topic record and a log line, so a damaged row is never dropped silently and
 * never stops the pipeline. Counting is left to the caller's progress counters.
 */
final class DamagedRowReporter {

    private static final Logger log = LoggerFactory.getLogger(DamagedRowReporter.class);

    private final SourceRecordFactory records;
    private final String errorsTopic;
    private final Clock clock;

    DamagedRowReporter(SourceRecordFactory records, String errorsTopic, Clock clock) {
        this.records = records;
        this.errorsTopic = errorsTopic;
        this.clock = clock;
    }

    SourceRecord report(String table, RawRow row, String reason, Map<String, ?> partition, Map<String, ?> offset) {
        SourceErrorRecord error = new SourceErrorRecord(table, row.rowid(), reason, row.rendered(), clock.instant());
        log.warn("Damaged row in table '{}' at rowid {}: {}. Raw values {}. Sent to topic '{}'.",
            table, row.rowid(), reason, error.rawValues(), errorsTopic);
        return records.error(error, partition, offset);
    }
}
