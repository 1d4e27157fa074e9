package io.brokerconnect.cli.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka (KRaft, broker and controller in one) started through Kafka's own server API, with its log
 * directory in a directory the caller owns. The directory is formatted once, as {@code kafka-storage.sh format}
 * does; started again on the same directory, the node comes back with every topic, offset and transaction it held,
 * after a crash too (Kafka recovers its logs). Ports are picked afresh on each start: nothing stored depends on them.
 */
public final class KafkaNode implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final boolean resumed;

    private KafkaNode(KafkaRaftServer server, String bootstrapServers, boolean resumed) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.resumed = resumed;
    }

    /** Starts the node on {@code logDir}, formatting it first if it holds no Kafka data yet. */
    public static KafkaNode start(Path logDir) {
        try {
            Files.createDirectories(logDir);
            int brokerPort = freeLoopbackPort();
            int controllerPort = freeLoopbackPort();
            KafkaConfig config = KafkaConfig.fromProps(properties(logDir, brokerPort, controllerPort), false);
            boolean formatted = Files.exists(logDir.resolve("meta.properties"));
            if (!formatted) {
                format(config, logDir);
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                throw e;
            }
            return new KafkaNode(server, "127.0.0.1:" + brokerPort, formatted);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Kafka's log directory " + logDir, e);
        }
    }

    private static Properties properties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
            + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic has one replica, and few partitions, which start faster.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // A resumed run's worker and sink consumers join groups that still list the killed run's members until their
        // sessions expire: short sessions (which the broker must allow) end that wait within seconds.
        p.put("group.min.session.timeout.ms", "1000");
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    private static void format(KafkaConfig config, Path logDir) throws IOException {
        try {
            new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(logDir.toString())
                .setDirectories(List.of(logDir.toString()))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Formatting Kafka's log directory " + logDir + " failed: " + e.getMessage(),
                e);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** True when the log directory already held Kafka's data from an earlier run. */
    public boolean resumed() {
        return resumed;
    }

    /** Creates a one-partition topic unless it exists. */
    public void createTopicIfAbsent(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic " + topic + ": " + e.getCause().getMessage(),
                    e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted creating topic " + topic, e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
