package io.brokerconnect.sink.replay;

import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.sink.write.FileSkipping;
import io.brokerconnect.sink.write.RoutedBatch;
import java.sql.Connection;
import java.sql.SQLException;
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
final class ReplaySkipping implements ReplayFilter {

    private final BlockTracker tracker = new BlockTracker();
    private final AppliedBlocks appliedBlocks;
    private long skippedFiles;

    ReplaySkipping(AppliedBlocks appliedBlocks) {
        this.appliedBlocks = appliedBlocks;
    }

    /**
     * Where the batch starting at {@code from} ends: after {@code batchSize} records, or up to
     * {@link BlockTracker#BLOCK_SIZE} - 1 more so that it does not cut a block in two (a block split between
     * transactions cannot be skipped whole).
     */
    @Override
    public int batchEnd(List<SinkRecord> records, int from, int batchSize) {
        int end = Math.min(records.size(), from + batchSize);
        int limit = Math.min(records.size(), end + BlockTracker.BLOCK_SIZE - 1);
        while (end > from && end < limit && sameBlock(records.get(end - 1), records.get(end))) {
            end++;
        }
        return end;
    }

    @Override
    public FileSkipping plan(List<SinkRecord> batchRecords, RoutedBatch batch) {
        BlockPlan plan = tracker.plan(batchRecords, batch);
        return new FileSkipping() {
            @Override
            public List<FileRecord> filesToWrite(Connection connection, List<FileRecord> files) throws SQLException {
                appliedBlocks.lookUp(connection, plan);
                return plan.filesToWrite(files);
            }

            @Override
            public void recordApplied(Connection connection) throws SQLException {
                appliedBlocks.record(connection, plan);
            }

            @Override
            public void committed() {
                tracker.commit(plan);
                skippedFiles += plan.skippedFiles();
            }
        };
    }

    /** Its partitions' blocks start over. */
    @Override
    public void writtenOneByOne(List<SinkRecord> batchRecords) {
        tracker.forget(batchRecords.stream()
            .map(r -> new TopicPartition(r.originalTopic(), r.originalKafkaPartition())).distinct().toList());
    }

    @Override
    public void forget(Collection<TopicPartition> partitions) {
        tracker.forget(partitions);
    }

    @Override
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
