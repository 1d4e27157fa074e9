package io.brokerconnect.testkit.connect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Reads a whole topic (from the beginning to the current end) and decodes keys and values with the same
 * JsonConverter the workers use, handing each record to a callback so that memory stays bounded for large topics.
 */
public final class TopicReader implements AutoCloseable {

    /** One decoded record. */
    public record Decoded(SchemaAndValue key, SchemaAndValue value, ConsumerRecord<byte[], byte[]> raw) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final JsonConverter keyConverter = new JsonConverter();
    private final JsonConverter valueConverter = new JsonConverter();

    public TopicReader(String bootstrapServers, boolean readCommitted) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        keyConverter.configure(Map.of("schemas.enable", "true"), true);
        valueConverter.configure(Map.of("schemas.enable", "true"), false);
    }

    /** Reads every record currently in {@code topic}; returns how many were read. */
    public long readAll(String topic, Consumer<Decoded> handler) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long count = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!reachedEnd(end)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Could not read " + topic + " to its end " + end + " within 5 minutes");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                handler.accept(new Decoded(
                    keyConverter.toConnectData(topic, record.key()),
                    valueConverter.toConnectData(topic, record.value()),
                    record));
                count++;
            }
        }
        return count;
    }

    private boolean reachedEnd(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            // With transactions the end offset may sit past a commit marker, so compare positions, not counts.
            if (consumer.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
