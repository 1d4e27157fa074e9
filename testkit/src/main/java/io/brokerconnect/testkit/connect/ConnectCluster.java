package io.brokerconnect.testkit.connect;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * A real in-process Kafka (KRaft) broker and Connect workers, driven through Connect's REST API, configured the
 * way broker-connect's tests need: JSON with schemas on the wire, frequent offset commits, and a short scheduled
 * rebalance delay so that a removed worker's tasks move within seconds instead of five minutes.
 */
public final class ConnectCluster implements AutoCloseable {

    private final EmbeddedConnectCluster connect;
    private Admin admin;

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
        try {
            TopicDescription description = admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin().listOffsets(latest).all().get().values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0;
            }
            throw new IllegalStateException("Cannot read the end offsets of " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading the end offsets of " + topic, e);
        }
    }

    /** Sum of a sink connector's committed offsets on a topic, read through GET /connectors/{name}/offsets. */
    public long sinkCommittedSum(String connector, String topic) {
        return connect.connectorOffsets(connector).offsets().stream()
            .filter(o -> topic.equals(o.partition().get("kafka_topic")))
            .mapToLong(o -> ((Number) o.offset().get("kafka_offset")).longValue()).sum();
    }

    /**
     * The same sum read from the sink's consumer group ({@code connect-NAME}) with this cluster's one client: for
     * polling many times a second, where each REST offsets read would make the worker create a client of its own.
     */
    public long sinkGroupCommittedSum(String connector, String topic) {
        try {
            return admin().listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get()
                .entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read the committed offsets of " + connector, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading the committed offsets of " + connector, e);
        }
    }

    /**
     * Stops the Kafka broker while its KRaft controller and the Connect workers keep running: a controlled shut-down
     * (logs flushed, producer state snapshotted), not a crash. Returns the bootstrap address the broker had, which
     * {@link #startKafka(String)} checks it gets back.
     */
    public String stopKafka() {
        String address = bootstrapServers();
        connect.kafka().stopOnlyBrokers();
        return address;
    }

    /**
     * Starts the stopped broker again: the same {@code BrokerServer} with the same configuration, so the same log
     * directories, and (the test kit pre-binds each listener's port and binds the same port again on a restart) the
     * same address, so workers and clients reconnect to the bootstrap address they were given. Returns once the
     * broker takes topics, produce requests and consumer groups again.
     */
    public void startKafka(String addressBeforeStop) {
        connect.kafka().restartOnlyBrokers();
        if (!addressBeforeStop.equals(bootstrapServers())) {
            throw new IllegalStateException("The broker came back at " + bootstrapServers() + ", not at "
                + addressBeforeStop + ": the workers would not find it");
        }
    }

    /** One client for every offset read of the cluster's life, rather than new clients (threads, metadata) per read. */
    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
        }
        return admin;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
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
