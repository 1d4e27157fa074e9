package io.brokerconnect.sink.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.sink.write.RoutedBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RejectedRecordHandlerTest {

    private final SinkRecord record = new SinkRecord("broker.files", 3, null, null, null, null, 1234);
    private final RoutedBatch.Rejected rejected = new RoutedBatch.Rejected(record, "sizes must not be negative", null);

    @Test
    void withoutToleranceTheTaskFailsNamingTopicPartitionAndOffset() {
        RecordingReporter reporter = new RecordingReporter();
        RejectedRecordHandler handler = new RejectedRecordHandler(reporter, Map.of());
        ConnectException e = assertThrows(ConnectException.class, () -> handler.handle(rejected));
        assertTrue(e.getMessage().contains("topic broker.files, partition 3, offset 1234"), e.getMessage());
        assertTrue(e.getMessage().contains("sizes must not be negative"), e.getMessage());
        assertTrue(e.getMessage().contains("errors.tolerance=all"), e.getMessage());
        assertTrue(reporter.reported.isEmpty());
    }

    @Test
    void withToleranceAllTheRecordGoesToTheErrantRecordReporterWithTheReason() {
        RecordingReporter reporter = new RecordingReporter();
        new RejectedRecordHandler(reporter, Map.of("errors.tolerance", "all")).handle(rejected);
        assertEquals(List.of(record), reporter.reported);
        assertEquals("sizes must not be negative", reporter.reasons.get(0));
    }

    @Test
    void toleranceWithoutAReporterStillFails() {
        assertThrows(ConnectException.class,
            () -> new RejectedRecordHandler(null, Map.of("errors.tolerance", "all")).handle(rejected));
    }

    private static final class RecordingReporter implements ErrantRecordReporter {
        final List<SinkRecord> reported = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();

        @Override
        public CompletableFuture<Void> report(SinkRecord record, Throwable error) {
            reported.add(record);
            reasons.add(error.getMessage());
            return CompletableFuture.completedFuture(null);
        }
    }
}
