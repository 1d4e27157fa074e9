package io.brokerconnect.sink.task;

import io.brokerconnect.sink.replay.ReplayFilter;
import io.brokerconnect.sink.write.BatchWriter;
import io.brokerconnect.sink.write.FileSkipping;
import io.brokerconnect.sink.write.RecordRouter;
import io.brokerconnect.sink.write.RoutedBatch;
import java.sql.SQLException;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one chunk of records: routes them, hands refused ones to the dead-letter queue, and writes the rest in one
 * transaction, leaving out what the replay filter says PostgreSQL holds already. When PostgreSQL refuses the batch
 * as bad data, it writes the chunk record by record to find the bad record(s), which go to the dead-letter queue.
 */
final class ChunkApplier {

    private static final Logger log = LoggerFactory.getLogger(ChunkApplier.class);

    private final RecordRouter router;
    private final BatchWriter writer;
    private final RejectedRecordHandler rejectedHandler;
    private final SinkSession session;

    ChunkApplier(RecordRouter router, BatchWriter writer, RejectedRecordHandler rejectedHandler, SinkSession session) {
        this.router = router;
        this.writer = writer;
        this.rejectedHandler = rejectedHandler;
        this.session = session;
    }

    /** @throws SQLException a failure other than bad data (transient or not): nothing of the chunk counts as written */
    void apply(List<SinkRecord> chunk, ReplayFilter replay) throws SQLException {
        RoutedBatch batch = router.route(chunk);
        batch.rejected().forEach(rejectedHandler::handle);
        FileSkipping skipping = replay.plan(chunk, batch);
        if (!batch.hasWrites()) {
            skipping.committed();
            return;
        }
        try {
            writer.write(session.connection(), batch, skipping);
        } catch (SQLException e) {
            if (!SqlErrors.isBadData(e)) {
                throw e;
            }
            replay.writtenOneByOne(chunk);
            log.warn("A batch of {} records was refused by PostgreSQL ({}); writing them one by one to find "
                + "the bad record(s)", chunk.size(), e.getMessage());
            applyOneByOne(chunk);
        }
    }

    private void applyOneByOne(List<SinkRecord> chunk) throws SQLException {
        for (SinkRecord record : chunk) {
            RoutedBatch single = router.route(List.of(record));
            if (!single.hasWrites()) {
                continue; // rejected records of this chunk were already handled
            }
            try {
                writer.write(session.connection(), single);
            } catch (SQLException e) {
                if (!SqlErrors.isBadData(e)) {
                    throw e;
                }
                rejectedHandler.handle(new RoutedBatch.Rejected(record, "PostgreSQL refused it: " + e.getMessage(), e));
            }
        }
    }
}
