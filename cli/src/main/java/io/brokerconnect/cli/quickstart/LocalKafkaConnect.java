package io.brokerconnect.cli.quickstart;

import io.brokerconnect.cli.runtime.ConnectNode;
import io.brokerconnect.cli.runtime.KafkaNode;
import io.brokerconnect.cli.status.TopicEndOffsets;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The quickstart's Kafka and Connect: a single KRaft node whose log directory is in the work directory and one
 * distributed Connect worker whose configs, offsets and status live on it, so a run started again on the same work
 * directory resumes what the connectors had done.
 */
final class LocalKafkaConnect implements AutoCloseable {

    private final KafkaNode kafka;
    private final ConnectNode worker;
    private final TopicEndOffsets endOffsets;

    private LocalKafkaConnect(KafkaNode kafka, TopicEndOffsets endOffsets, ConnectNode worker) {
        this.kafka = kafka;
        this.endOffsets = endOffsets;
        this.worker = worker;
    }

    static LocalKafkaConnect start(Path logDir, int restPort) {
        KafkaNode kafka;
        try {
            kafka = KafkaNode.start(logDir);
        } catch (RuntimeException e) {
            throw new QuickstartException("Kafka did not start on " + logDir + ": " + e.getMessage()
                + " (details in the log; --fresh starts over with an empty Kafka)");
        }
        TopicEndOffsets endOffsets = null;
        try {
            endOffsets = new TopicEndOffsets(kafka.bootstrapServers(), new Properties());
            return new LocalKafkaConnect(kafka, endOffsets, ConnectNode.start(kafka.bootstrapServers(), restPort));
        } catch (RuntimeException e) {
            if (endOffsets != null) {
                endOffsets.close();
            }
            kafka.close();
            throw new QuickstartException(e.getMessage());
        }
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** True when Kafka's log directory held an earlier run's topics and offsets. */
    boolean resumed() {
        return kafka.resumed();
    }

    URI restUrl() {
        return worker.restUrl();
    }

    void createTopic(String topic) {
        kafka.createTopicIfAbsent(topic);
    }

    /** Sum of the end offsets of a topic's partitions; 0 while the topic does not exist. */
    long endOffsetSum(String topic) {
        return endOffsets.endOffsetSum(topic);
    }

    @Override
    public void close() {
        try {
            endOffsets.close();
            worker.close();
        } finally {
            kafka.close();
        }
    }
}
