package io.brokerconnect.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * Reads a whole topic as a consumer with a given isolation level sees it, one poll at a time (a files topic of a few
 * hundred thousand records does not fit the test JVM's heap twice, as {@code consumeAll} would hold it).
 * {@code read_committed} sees committed transactions only; {@code read_uncommitted} (the consumer default, and so
 * what a sink task reads unless configured otherwise) also the records of aborted ones.
 */
final class TopicRecords {

    static final String READ_COMMITTED = "read_committed";
    static final String READ_UNCOMMITTED = "read_uncommitted";

    private TopicRecords() {
    }

    static long count(EmbeddedKafkaCluster kafka, String topic, String isolation, Duration timeout) {
        long[] count = {0};
        forEach(kafka, topic, isolation, timeout, r -> count[0]++);
        return count[0];
    }

    /** Records per value of the source's {@code broker.source} header ("table:rowid"). */
    static Map<String, Long> perSourceRow(EmbeddedKafkaCluster kafka, String topic, String isolation,
        Duration timeout) {
        Map<String, Long> perRow = new TreeMap<>();
        forEach(kafka, topic, isolation, timeout, r -> {
            Header source = r.headers().lastHeader("broker.source");
            String row = source == null ? "(no header)" : new String(source.value(), StandardCharsets.UTF_8);
            perRow.merge(row, 1L, Long::sum);
        });
        return perRow;
    }

    private static void forEach(EmbeddedKafkaCluster kafka, String topic, String isolation, Duration timeout,
        Consumer<ConsumerRecord<byte[], byte[]>> action) {
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.createConsumer(
            Map.of("isolation.level", isolation, "max.poll.records", "10000"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // the end as this isolation level sees it: the last stable offset for read_committed
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Timed out after " + timeout + " reading " + topic + " to " + end);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(action);
            }
        }
    }
}
