package io.brokerconnect.sink.replay;

import io.brokerconnect.sink.write.RoutedBatch;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What a sink task does so that a replay skips the files blocks PostgreSQL already holds: it cuts batches on block
 * boundaries and plans each batch's blocks ({@link BlockTracker}) for {@link AppliedBlocks} to look up and record.
 * A plan takes effect only once its batch is written, so a batch Connect hands over again is planned as before.
 *
 * <p>Every record a put() receives is written (or skipped) in that put(). Holding a block's tail back for the next
 * put() would let more blocks be skipped whole, but Connect keeps calling put() (with no records) while a connector
 * is paused, so held records would be written after the pause took effect.
 */
public final class ReplaySkipping {

    private final BlockTracker tracker = new BlockTracker();
    private long skippedFiles;

    /**
     * Where the batch starting at {@code from} ends: after {@code batchSize} records, or up to
     * {@link BlockTracker#BLOCK_SIZE} - 1 more so that it does not cut a block in two (a block split between
     * transactions cannot be skipped whole).
     */
    public int batchEnd(List<SinkRecord> records, int from, int batchSize) {
        int end = Math.min(records.size(), from + batchSize);
        int limit = Math.min(records.size(), end + BlockTracker.BLOCK_SIZE - 1);
        while (end > from && end < limit && sameBlock(records.get(end - 1), records.get(end))) {
            end++;
        }
        return end;
    }

    public BlockPlan plan(List<SinkRecord> batchRecords, RoutedBatch batch) {
        return tracker.plan(batchRecords, batch);
    }

    /** The plan's batch committed. */
    public void batchWritten(BlockPlan plan) {
        tracker.commit(plan);
        skippedFiles += plan.skippedFiles();
    }

    /** The batch was written some other way (record by record): its partitions' blocks start over. */
    public void batchWrittenUnplanned(List<SinkRecord> batchRecords) {
        tracker.forget(batchRecords.stream()
            .map(r -> new TopicPartition(r.originalTopic(), r.originalKafkaPartition())).distinct().toList());
    }

    /** The partitions were revoked. */
    public void forget(Collection<TopicPartition> partitions) {
        tracker.forget(partitions);
    }

    public long skippedFiles() {
        return skippedFiles;
    }

    private static boolean sameBlock(SinkRecord a, SinkRecord b) {
        return a.originalKafkaPartition().equals(b.originalKafkaPartition())
            && a.originalTopic().equals(b.originalTopic())
            && Math.floorDiv(a.originalKafkaOffset(), BlockTracker.BLOCK_SIZE)
                == Math.floorDiv(b.originalKafkaOffset(), BlockTracker.BLOCK_SIZE);
    }
}
