package io.brokerconnect.testkit.connect;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * A real in-process Kafka (KRaft) broker and Connect workers, driven through Connect's REST API, configured the
 * way broker-connect's tests need: JSON with schemas on the wire, frequent offset commits, and a short scheduled
 * rebalance delay so that a removed worker's tasks move within seconds instead of five minutes.
 */
public final class ConnectCluster implements AutoCloseable {

    private final EmbeddedConnectCluster connect;

    private ConnectCluster(EmbeddedConnectCluster connect) {
        this.connect = connect;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public EmbeddedConnectCluster connect() {
        return connect;
    }

    public String bootstrapServers() {
        return connect.kafka().bootstrapServers();
    }

    /** Sum of the end offsets of a topic's partitions (0 when the topic does not exist yet). */
    public long endOffsetSum(String topic) {
        var description = connect.kafka().describeTopics(topic).get(topic);
        if (description == null || description.isEmpty()) {
            return 0;
        }
        long sum = 0;
        for (var partition : description.get().partitions()) {
            try {
                sum += connect.kafka().endOffset(new org.apache.kafka.common.TopicPartition(topic, partition.partition()));
            } catch (Exception e) {
                throw new IllegalStateException("Cannot read the end offset of " + topic, e);
            }
        }
        return sum;
    }

    /** Sum of a sink connector's committed offsets on a topic, read through GET /connectors/{name}/offsets. */
    public long sinkCommittedSum(String connector, String topic) {
        return connect.connectorOffsets(connector).offsets().stream()
            .filter(o -> topic.equals(o.partition().get("kafka_topic")))
            .mapToLong(o -> ((Number) o.offset().get("kafka_offset")).longValue()).sum();
    }

    @Override
    public void close() {
        connect.stop();
    }

    /** Builds and starts a cluster. */
    public static final class Builder {
        private final String name;
        private int workers = 1;
        private final Map<String, String> workerProps = new HashMap<>();
        private final Properties brokerProps = new Properties();

        private Builder(String name) {
            this.name = name;
            workerProps.put("key.converter", JsonConverter.class.getName());
            workerProps.put("value.converter", JsonConverter.class.getName());
            workerProps.put("key.converter.schemas.enable", "true");
            workerProps.put("value.converter.schemas.enable", "true");
            workerProps.put("offset.flush.interval.ms", "1000");
            workerProps.put("scheduled.rebalance.max.delay.ms", "3000");
            brokerProps.put("auto.create.topics.enable", "false");
            brokerProps.put("transaction.state.log.replication.factor", "1");
            brokerProps.put("transaction.state.log.min.isr", "1");
        }

        public Builder workers(int count) {
            this.workers = count;
            return this;
        }

        public Builder workerProp(String key, String value) {
            workerProps.put(key, value);
            return this;
        }

        /** Enables KIP-618 exactly-once source support on every worker. */
        public Builder exactlyOnceSource() {
            return workerProp("exactly.once.source.support", "enabled");
        }

        public ConnectCluster start() {
            EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
                .name(name)
                .numWorkers(workers)
                .numBrokers(1)
                .workerProps(workerProps)
                .brokerProps(brokerProps)
                .build();
            cluster.start();
            return new ConnectCluster(cluster);
        }
    }
}
