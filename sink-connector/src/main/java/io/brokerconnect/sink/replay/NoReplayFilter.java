package io.brokerconnect.sink.replay;

import io.brokerconnect.sink.write.FileSkipping;
import io.brokerconnect.sink.write.RoutedBatch;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/** Replay skipping switched off: batches by size, every file written. */
final class NoReplayFilter implements ReplayFilter {

    static final NoReplayFilter INSTANCE = new NoReplayFilter();

    private NoReplayFilter() {
    }

    @Override
    public int batchEnd(List<SinkRecord> records, int from, int batchSize) {
        return Math.min(records.size(), from + batchSize);
    }

    @Override
    public FileSkipping plan(List<SinkRecord> batchRecords, RoutedBatch batch) {
        return FileSkipping.NONE;
    }

    @Override
    public void writtenOneByOne(List<SinkRecord> batchRecords) {
    }

    @Override
    public void forget(Collection<TopicPartition> partitions) {
    }

    @Override
    public long skippedFiles() {
        return 0;
    }
}
