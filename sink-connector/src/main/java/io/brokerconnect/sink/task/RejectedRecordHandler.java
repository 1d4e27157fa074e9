package io.brokerconnect.sink.task;

import io.brokerconnect.sink.write.RoutedBatch;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a record that can never be written: with {@code errors.tolerance=all} it goes to Connect's
 * errant record reporter (the dead-letter queue, with the reason in the exception headers when
 * {@code errors.deadletterqueue.context.headers.enable=true}); otherwise the task fails, naming the record.
 */
final class RejectedRecordHandler {

    private static final Logger log = LoggerFactory.getLogger(RejectedRecordHandler.class);

    private final ErrantRecordReporter reporter;
    private final boolean tolerateAll;

    RejectedRecordHandler(ErrantRecordReporter reporter, Map<String, String> taskProps) {
        this.reporter = reporter;
        this.tolerateAll = "all".equalsIgnoreCase(taskProps.getOrDefault("errors.tolerance", "none"));
    }

    void handle(RoutedBatch.Rejected rejected) {
        SinkRecord record = rejected.record();
        String where = record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
        if (reporter != null && tolerateAll) {
            log.warn("Record {} cannot be written and goes to the dead-letter queue: {}", where, rejected.reason());
            reporter.report(record, new DataException(rejected.reason(), rejected.cause()));
            return;
        }
        throw new ConnectException("Record " + where + " (topic " + record.topic() + ", partition "
            + record.kafkaPartition() + ", offset " + record.kafkaOffset() + ") cannot be written: " + rejected.reason()
            + ". Fix the record at its source, or set errors.tolerance=all and errors.deadletterqueue.topic.name to "
            + "route such records to a dead-letter queue.", rejected.cause());
    }
}
