package io.brokerconnect.cli.e2e;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether a sink has committed every record it can read on its topics, when they are written by an exactly-once
 * source: every transaction ends with a commit marker, and an aborted one leaves its records in the log, both taking
 * offsets the sink never gets, so a caught-up sink's committed offset stays below the end offset. Reading what lies
 * between (read_committed, as the sink reads, with a consumer of no group that commits nothing) tells them apart.
 */
final class SinkCaughtUp implements AutoCloseable {

    /** Long enough to read past thousands of aborted records; the wait loop asks again anyway. */
    private static final Duration READ_BUDGET = Duration.ofSeconds(3);

    private final String group;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> reader;

    SinkCaughtUp(String bootstrapServers, String sinkConnector) {
        this.group = "connect-" + sinkConnector; // Connect's consumer group of a sink connector
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.reader = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * True when, on every partition of {@code topics}, no committed record lies between the sink's committed offset
     * and the log end, and no transaction is open there (a read_committed reader then cannot get to the end).
     */
    boolean caughtUp(Collection<String> topics) {
        Map<TopicPartition, Long> end = logEndOffsets(topics);
        Map<TopicPartition, OffsetAndMetadata> committed = sinkCommitted();
        Set<TopicPartition> behind = new HashSet<>();
        reader.assign(end.keySet());
        end.forEach((partition, endOffset) -> {
            OffsetAndMetadata offset = committed.get(partition);
            long from = offset == null ? 0 : offset.offset();
            if (from < endOffset) {
                reader.seek(partition, from);
                behind.add(partition);
            }
        });
        long deadline = System.nanoTime() + READ_BUDGET.toNanos();
        while (!behind.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (behind.contains(partition) && record.offset() < end.get(partition)) {
                    return false; // a record the sink has not committed yet
                }
            }
            // The position moves past markers and aborted records without returning them.
            behind.removeIf(partition -> reader.position(partition) >= end.get(partition));
        }
        return behind.isEmpty();
    }

    private Map<TopicPartition, Long> logEndOffsets(Collection<String> topics) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : topics) {
            reader.partitionsFor(topic).forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        // The admin's default isolation is read_uncommitted: the log end, past any open transaction.
        get(admin.listOffsets(latest).all()).forEach((partition, info) -> end.put(partition, info.offset()));
        return end;
    }

    private Map<TopicPartition, OffsetAndMetadata> sinkCommitted() {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).forEach((partition, offset) -> {
            if (offset != null) {
                committed.put(partition, offset);
            }
        });
        return committed;
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read offsets", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading offsets", e);
        }
    }

    @Override
    public void close() {
        reader.close();
        admin.close(Duration.ofSeconds(5));
    }
}
