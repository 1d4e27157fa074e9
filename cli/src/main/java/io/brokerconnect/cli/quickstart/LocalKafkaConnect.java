package io.brokerconnect.cli.quickstart;

import io.brokerconnect.cli.status.TopicEndOffsets;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * A single-node Kafka (KRaft, in-process) and one real Connect worker in distributed mode, started the way
 * {@code connect-distributed.sh} starts it ({@link ConnectDistributed}), with its REST API on a fixed localhost port
 * and Kafka's FileConfigProvider enabled so that secrets stay out of connector configs. The connectors are found on
 * the launcher's class path.
 */
final class LocalKafkaConnect implements AutoCloseable {

    private final EmbeddedKafkaCluster kafka;
    private final Connect<?> worker;
    private final TopicEndOffsets endOffsets;

    private LocalKafkaConnect(EmbeddedKafkaCluster kafka, TopicEndOffsets endOffsets, Connect<?> worker) {
        this.kafka = kafka;
        this.endOffsets = endOffsets;
        this.worker = worker;
    }

    static LocalKafkaConnect start(int restPort) {
        Properties broker = new Properties();
        broker.put("auto.create.topics.enable", "false");
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, broker);
        PrintStream stdout = System.out;
        TopicEndOffsets endOffsets = null;
        try {
            System.setOut(new PrintStream(OutputStream.nullOutputStream())); // KRaft's storage formatter prints here
            kafka.start();
            System.setOut(stdout);
            endOffsets = new TopicEndOffsets(kafka.bootstrapServers(), new Properties());
            // ConnectDistributed exits the JVM when the worker fails to start (as a command-line tool should); here
            // that would skip stopping Kafka and PostgreSQL, so the exit becomes an exception for the duration.
            Exit.setExitProcedure((code, message) -> {
                throw new QuickstartException("The Connect worker did not start (is port " + restPort + " in use? "
                    + "choose another with --rest-port; details in the log): " + message);
            });
            Connect<?> worker;
            try {
                worker = new ConnectDistributed().startConnect(workerProps(kafka.bootstrapServers(), restPort));
            } finally {
                Exit.resetExitProcedure();
            }
            return new LocalKafkaConnect(kafka, endOffsets, worker);
        } catch (RuntimeException e) {
            System.setOut(stdout);
            if (endOffsets != null) {
                endOffsets.close();
            }
            kafka.stop();
            throw e instanceof QuickstartException ? e : new QuickstartException("Kafka or the Connect worker did "
                + "not start: " + e);
        }
    }

    private static Map<String, String> workerProps(String bootstrapServers, int restPort) {
        Map<String, String> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("group.id", "broker-connect-quickstart");
        p.put("listeners", "http://localhost:" + restPort);
        p.put("config.storage.topic", "connect-configs");
        p.put("offset.storage.topic", "connect-offsets");
        p.put("status.storage.topic", "connect-status");
        p.put("config.storage.replication.factor", "1");
        p.put("offset.storage.replication.factor", "1");
        p.put("status.storage.replication.factor", "1");
        p.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("offset.flush.interval.ms", "1000");
        p.put("scheduled.rebalance.max.delay.ms", "3000");
        p.put("connector.client.config.override.policy", "All");
        p.put("config.providers", "file");
        p.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        return p;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    URI restUrl() {
        return worker.rest().serverUrl();
    }

    void createTopic(String topic) {
        kafka.createTopic(topic, 1);
    }

    /** Sum of the end offsets of a topic's partitions; 0 while the topic does not exist. */
    long endOffsetSum(String topic) {
        return endOffsets.endOffsetSum(topic);
    }

    @Override
    public void close() {
        try {
            endOffsets.close();
            worker.stop();
            worker.awaitStop();
        } finally {
            kafka.stop();
        }
    }
}
