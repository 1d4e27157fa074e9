package io.brokerconnect.cli.runtime;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

/**
 * One real Connect worker in distributed mode, started the way {@code connect-distributed.sh} starts it
 * ({@link ConnectDistributed}), with its configs, offsets and status in topics of the given Kafka, so a worker started
 * again on the same Kafka finds its connectors and their offsets. REST on localhost; Kafka's FileConfigProvider is
 * enabled so that secrets stay out of connector configs. Connectors are found on the launcher's class path.
 */
public final class ConnectNode implements AutoCloseable {

    private final Connect<?> worker;

    private ConnectNode(Connect<?> worker) {
        this.worker = worker;
    }

    /** @throws IllegalStateException when the worker does not start, e.g. on a REST port in use */
    public static ConnectNode start(String bootstrapServers, int restPort) {
        // ConnectDistributed exits the JVM when the worker fails to start (as a command-line tool should); here that
        // would skip stopping Kafka and PostgreSQL, so the exit becomes an exception for the duration.
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("The Connect worker did not start (is port " + restPort + " in use? "
                + "choose another with --rest-port; details in the log): " + message);
        });
        try {
            return new ConnectNode(new ConnectDistributed().startConnect(workerProps(bootstrapServers, restPort)));
        } finally {
            Exit.resetExitProcedure();
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
        // Offsets are committed (and progress, synced state and the verification scope read from them) twice a second.
        p.put("offset.flush.interval.ms", "500");
        // Every plugin on the classpath (Kafka's own and ours) has a ServiceLoader manifest: loading them through it
        // takes milliseconds where scanning the classpath's classes took seconds of every start.
        p.put("plugin.discovery", "service_load");
        // The only worker: no other one can come back for the tasks of a worker that went away (a killed run), so
        // they are reassigned at once, and the killed run's membership expires after a short session.
        p.put("scheduled.rebalance.max.delay.ms", "0");
        p.put("session.timeout.ms", "4000");
        p.put("heartbeat.interval.ms", "1000");
        p.put("connector.client.config.override.policy", "All");
        p.put("config.providers", "file");
        p.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        return p;
    }

    public URI restUrl() {
        return worker.rest().serverUrl();
    }

    @Override
    public void close() {
        worker.stop();
        worker.awaitStop();
    }
}
