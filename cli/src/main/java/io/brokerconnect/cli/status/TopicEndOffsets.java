package io.brokerconnect.cli.status;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The first and next offsets of topics' partitions, read with a Kafka Admin client: what a sink connector's
 * committed offsets are measured against to get its lag.
 */
public final class TopicEndOffsets implements AutoCloseable {

    /** Offsets of one partition: the log start and the end (the offset the next record will get). */
    record PartitionRange(long start, long end) {
    }

    private static final long TIMEOUT_SECONDS = 15;

    private final Admin admin;
    private final String bootstrapServers;

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param clientProperties extra Admin client settings (security), may be empty
     */
    public TopicEndOffsets(String bootstrapServers, Properties clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "broker-connect-status");
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        this.admin = Admin.create(props);
        this.bootstrapServers = bootstrapServers;
    }

    /** Ranges of every partition of {@code topics}; a topic that does not exist yet has no entries. */
    Map<TopicPartition, PartitionRange> read(Collection<String> topics) {
        try {
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : topics) {
                for (TopicPartition partition : partitions(topic)) {
                    earliest.put(partition, OffsetSpec.earliest());
                    latest.put(partition, OffsetSpec.latest());
                }
            }
            Map<TopicPartition, ListOffsetsResultInfo> starts =
                admin.listOffsets(earliest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, PartitionRange> ranges = new HashMap<>();
            ends.forEach((partition, end) ->
                ranges.put(partition, new PartitionRange(starts.get(partition).offset(), end.offset())));
            return ranges;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Cannot read the end offsets of " + topics + " from Kafka at "
                + bootstrapServers + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading offsets from Kafka", e);
        }
    }

    /** The sum of a topic's end offsets (its record count when nothing was deleted or compacted); 0 if missing. */
    public long endOffsetSum(String topic) {
        return read(List.of(topic)).values().stream().mapToLong(PartitionRange::end).sum();
    }

    private List<TopicPartition> partitions(String topic)
        throws ExecutionException, InterruptedException, TimeoutException {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
            return description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
