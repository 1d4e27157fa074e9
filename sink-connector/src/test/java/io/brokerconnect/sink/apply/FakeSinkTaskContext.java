package io.brokerconnect.sink.apply;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * A pure-Java stand-in for the context Connect's worker gives a sink task: it only records what the task asks of the
 * worker (offset resets, retry timeouts, pauses, commit requests) so that tests can look at it. With
 * {@code errors.tolerance=all} its errant record reporter records what it is given (a dead-letter queue); otherwise
 * there is none (as on a worker without one). No plugin metrics.
 */
final class FakeSinkTaskContext implements SinkTaskContext {

    private final Map<String, String> configs;
    private final Set<TopicPartition> assignment;
    private final Map<TopicPartition, Long> offsetResets = new ConcurrentHashMap<>();
    private final Set<TopicPartition> paused = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastTimeoutMs = new AtomicLong(-1);
    private final AtomicInteger timeouts = new AtomicInteger();
    private final AtomicInteger commitRequests = new AtomicInteger();
    private final List<String> deadLettered = new CopyOnWriteArrayList<>();

    FakeSinkTaskContext(Map<String, String> configs, Set<TopicPartition> assignment) {
        this.configs = Map.copyOf(configs);
        this.assignment = Set.copyOf(assignment);
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        offsetResets.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        offsetResets.put(tp, offset);
    }

    @Override
    public void timeout(long timeoutMs) {
        lastTimeoutMs.set(timeoutMs);
        timeouts.incrementAndGet();
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    @Override
    public void pause(TopicPartition... partitions) {
        paused.addAll(Arrays.asList(partitions));
    }

    @Override
    public void resume(TopicPartition... partitions) {
        Arrays.asList(partitions).forEach(paused::remove);
    }

    @Override
    public void requestCommit() {
        commitRequests.incrementAndGet();
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        if (!"all".equals(configs.get("errors.tolerance"))) {
            return null;
        }
        return (record, error) -> {
            deadLettered.add(record.topic() + "@" + record.kafkaOffset() + ": " + error.getMessage());
            return CompletableFuture.completedFuture(null);
        };
    }

    /** What went to the dead-letter queue, as {@code topic@offset: reason}. */
    List<String> deadLettered() {
        return List.copyOf(deadLettered);
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }

    Map<TopicPartition, Long> offsetResets() {
        return Map.copyOf(offsetResets);
    }

    Set<TopicPartition> paused() {
        return Set.copyOf(paused);
    }

    int timeouts() {
        return timeouts.get();
    }

    long lastTimeoutMs() {
        return lastTimeoutMs.get();
    }

    int commitRequests() {
        return commitRequests.get();
    }
}
