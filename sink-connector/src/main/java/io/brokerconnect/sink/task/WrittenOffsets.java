package io.brokerconnect.sink.task;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The next offset of every partition after the records whose transaction committed (or that went to the
 * dead-letter queue): all {@code preCommit} may hand Connect, so that a crash never skips a record.
 */
final class WrittenOffsets {

    private final Map<TopicPartition, OffsetAndMetadata> written = new HashMap<>();

    /** The records of {@code chunk} are durably written. */
    void written(List<SinkRecord> chunk) {
        // Records of one partition arrive in offset order, and a poll returns them in runs per partition: one
        // TopicPartition and one merge per run rather than per record.
        int runStart = 0;
        for (int i = 1; i <= chunk.size(); i++) {
            if (i == chunk.size() || !samePartition(chunk.get(i), chunk.get(runStart))) {
                SinkRecord last = chunk.get(i - 1);
                written.merge(new TopicPartition(last.originalTopic(), last.originalKafkaPartition()),
                    new OffsetAndMetadata(last.originalKafkaOffset() + 1), (a, b) -> a.offset() >= b.offset() ? a : b);
                runStart = i;
            }
        }
    }

    /** Of the partitions Connect is about to commit, the offsets written, and nothing further. */
    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = written.get(partition);
            if (offset != null) {
                commit.put(partition, offset);
            }
        }
        return commit;
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(written::remove);
    }

    private static boolean samePartition(SinkRecord a, SinkRecord b) {
        return a.originalKafkaPartition().equals(b.originalKafkaPartition()) && a.originalTopic().equals(b.originalTopic());
    }
}
