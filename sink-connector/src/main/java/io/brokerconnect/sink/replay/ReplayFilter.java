package io.brokerconnect.sink.replay;

import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.write.FileSkipping;
import io.brokerconnect.sink.write.RoutedBatch;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * How a sink task cuts its records into batches and which files of a batch it may skip because PostgreSQL already
 * holds them (a replay): {@link #skippingAppliedBlocks} with {@code replay.skip.applied.blocks=true}, else
 * {@link #disabled}, which cuts batches by size only and skips nothing.
 */
public interface ReplayFilter {

    static ReplayFilter skippingAppliedBlocks(TargetLayout layout) {
        return new ReplaySkipping(new AppliedBlocks(layout));
    }

    static ReplayFilter disabled() {
        return NoReplayFilter.INSTANCE;
    }

    /** Where the batch starting at {@code from} ends, for batches of about {@code batchSize} records. */
    int batchEnd(List<SinkRecord> records, int from, int batchSize);

    /** What the batch of {@code batchRecords}, routed as {@code batch}, may skip and must record. */
    FileSkipping plan(List<SinkRecord> batchRecords, RoutedBatch batch);

    /** The batch was written some other way (record by record, after PostgreSQL refused it as a whole). */
    void writtenOneByOne(List<SinkRecord> batchRecords);

    /** The partitions were revoked. */
    void forget(Collection<TopicPartition> partitions);

    /** Files skipped so far because PostgreSQL held their block. */
    long skippedFiles();
}
