package io.brokerconnect.cli.status;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records a sink has not consumed yet where the offset gap alone would mislead: an exactly-once source
 * ends every transaction with a commit marker, which takes an offset but is never delivered, so a caught-up sink's
 * committed offset stays one or more below the end offset. Reading the few offsets in between (with a consumer of
 * no group, committing nothing) tells markers from records.
 */
final class UnreadRecordCounter implements AutoCloseable {

    /** Gaps up to this size are read; larger ones are reported as they are (markers are then a small share). */
    static final long MAX_GAP = 100;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

    private final KafkaConsumer<byte[], byte[]> consumer;

    UnreadRecordCounter(String bootstrapServers, Properties clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "broker-connect-status");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Records (not transaction markers) in {@code [from, to)} per partition. Partitions whose gap exceeds
     * {@link #MAX_GAP}, or that could not be read within a few seconds, are left out: use the gap for them.
     *
     * @param gaps per partition {@code {from, to}}
     */
    Map<TopicPartition, Long> count(Map<TopicPartition, long[]> gaps) {
        Map<TopicPartition, long[]> small = new HashMap<>();
        gaps.forEach((partition, gap) -> {
            if (gap[1] > gap[0] && gap[1] - gap[0] <= MAX_GAP) {
                small.put(partition, gap);
            }
        });
        Map<TopicPartition, Long> counts = new HashMap<>();
        if (small.isEmpty()) {
            return counts;
        }
        consumer.assign(small.keySet());
        small.forEach((partition, gap) -> {
            consumer.seek(partition, gap[0]);
            counts.put(partition, 0L);
        });
        Set<TopicPartition> pending = new HashSet<>(small.keySet());
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (pending.contains(partition) && record.offset() < small.get(partition)[1]) {
                    counts.merge(partition, 1L, Long::sum);
                }
            }
            // The position moves past markers without delivering them; once it reaches the end, the count is final.
            pending.removeIf(partition -> consumer.position(partition) >= small.get(partition)[1]);
        }
        consumer.assign(Set.of());
        pending.forEach(counts::remove);
        return counts;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
