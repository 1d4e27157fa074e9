package io.brokerconnect.sink.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;

class IdleCommitTest {

    private final CountingContext context = new CountingContext();

    @Test
    void anEmptyPutAfterWritesRequestsOneCommit() {
        IdleCommit idle = new IdleCommit(Duration.ofMillis(200));
        assertEquals(200, idle.afterPut(true, context), "after records, the next poll waits at most the idle time");
        assertEquals(200, idle.afterPut(true, context));
        assertEquals(0, context.commitRequests, "records keep coming: the worker's schedule applies");
        assertEquals(200, idle.afterPut(false, context), "idle: request, and look again in case Connect skips it");
        assertEquals(1, context.commitRequests);
        idle.afterPut(false, context);
        assertEquals(2, context.commitRequests, "no commit ran (one was still in flight): request again");
        idle.committing();
        assertEquals(0, idle.afterPut(false, context), "committed: no cap any more");
        assertEquals(2, context.commitRequests, "nothing new written: no further request");
    }

    @Test
    void aCommitInBetweenLeavesNothingToRequest() {
        IdleCommit idle = new IdleCommit(Duration.ofMillis(200));
        idle.afterPut(true, context);
        idle.committing();
        idle.afterPut(false, context);
        assertEquals(0, context.commitRequests);
    }

    @Test
    void zeroLeavesCommitsToTheWorker() {
        IdleCommit idle = new IdleCommit(Duration.ZERO);
        assertEquals(0, idle.afterPut(true, context));
        idle.afterPut(false, context);
        assertEquals(0, context.commitRequests);
    }

    private static final class CountingContext implements SinkTaskContext {
        int commitRequests;

        @Override
        public void requestCommit() {
            commitRequests++;
        }

        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
        }

        @Override
        public void timeout(long timeoutMs) {
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of();
        }

        @Override
        public void pause(TopicPartition... partitions) {
        }

        @Override
        public void resume(TopicPartition... partitions) {
        }

        @Override
        public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
            return null;
        }
    }
}
