package io.brokerconnect.sink.apply;

import io.brokerconnect.sink.task.PostgresSinkTask;
import io.brokerconnect.testkit.connect.Await;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Drives the real {@link PostgresSinkTask} the way Connect's WorkerSinkTask does: initialize, start, put, preCommit,
 * stop. A {@link RetriableException} from put() makes Connect hand the same records to put() again after the
 * context timeout the task asked for, as here; such retries are counted, with their causes, so a test can tell
 * "succeeded first time" from "succeeded after a deadlock". Any other exception propagates: the task has failed.
 */
final class SinkTaskHarness implements AutoCloseable {

    private static final int MAX_ATTEMPTS = 50;

    private final PostgresSinkTask task = new PostgresSinkTask();
    private final FakeSinkTaskContext context;
    private final Map<String, String> props;
    private final List<RetriableException> retries = Collections.synchronizedList(new ArrayList<>());
    private boolean stopped;

    SinkTaskHarness(Map<String, String> props, Set<TopicPartition> assignment) {
        this.props = Map.copyOf(props);
        this.context = new FakeSinkTaskContext(props, assignment);
        task.initialize(context);
        task.start(props);
    }

    /** One put() as Connect makes it, repeated with the same records while the task asks for a retry. */
    void put(List<SinkRecord> records) {
        for (int attempt = 1; ; attempt++) {
            try {
                task.put(new ArrayList<>(records));
                return;
            } catch (RetriableException e) {
                retries.add(e);
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                awaitRetryTimeout();
            }
        }
    }

    /**
     * Idle puts, as Connect makes them when no records arrive, until the task counts its first load as caught up and
     * has rebuilt what it deferred (in the spec layout: the primary key, which also removes the second copies of
     * records delivered twice meanwhile): the state a first load ends in. Returns at once past the first load.
     */
    void catchUp() throws InterruptedException {
        Await.until(Duration.ofSeconds(60), () -> {
            put(List.of());
            return firstLoadOver();
        }, () -> "the task counts its first load as caught up and rebuilds what it deferred");
    }

    /** No first-load state row left in the spec layout's schema (the task's {@code schema}, default public). */
    private boolean firstLoadOver() {
        String schema = props.getOrDefault("schema", "public").replace("\"", "\"\"");
        try (Connection c = DriverManager.getConnection(props.get("connection.url"), props.get("connection.user"),
                 props.get("connection.password"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM \"" + schema
                 + "\".broker_connect_first_load)")) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The poll timeout the task set for its retry (its backoff), as Connect's next poll would wait it out. */
    private void awaitRetryTimeout() {
        long millis = context.lastTimeoutMs();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting out the task's retry backoff", e);
            }
        }
    }

    Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        return task.preCommit(currentOffsets);
    }

    List<RetriableException> retries() {
        synchronized (retries) {
            return List.copyOf(retries);
        }
    }

    FakeSinkTaskContext context() {
        return context;
    }

    @Override
    public void close() {
        if (!stopped) {
            stopped = true;
            task.stop();
        }
    }
}
