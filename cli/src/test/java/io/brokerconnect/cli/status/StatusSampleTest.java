package io.brokerconnect.cli.status;

import io.brokerconnect.cli.pipeline.TableExtent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.connect.ConnectorOverview;
import io.brokerconnect.cli.connect.ConnectorState;
import io.brokerconnect.cli.connect.ConnectorStatus;
import io.brokerconnect.cli.connect.TaskStatus;
import io.brokerconnect.cli.status.StatusSample.TableProgress;
import io.brokerconnect.cli.status.StatusSample.TopicLag;
import io.brokerconnect.cli.status.TopicEndOffsets.PartitionRange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StatusSampleTest {

    @Test
    void tableProgressAgainstSqliteRowids() {
        TableProgress files = new TableProgress("files", 750L, new TableExtent("files", 1, 1_000));
        assertEquals(250L, files.behind());
        assertEquals(75.0, files.percentDone(), 1e-9);
        assertFalse(files.beyondEnd());

        TableProgress notStarted = new TableProgress("files", null, new TableExtent("files", 1, 1_000));
        assertEquals(1_000L, notStarted.behind(), "no offset yet: everything is behind");
        assertEquals(0.0, notStarted.percentDone(), 1e-9);

        TableProgress unknown = new TableProgress("files", 750L, null);
        assertNull(unknown.behind(), "without --sqlite nothing is known about what is left");
        assertNull(unknown.percentDone());
    }

    @Test
    void rowsDeletedBelowTheFirstRowidCountAsRead() {
        // The broker's meta retention deletes old rows: rowids 1..400 are gone, 401..500 remain.
        TableProgress meta = new TableProgress("meta", 0L, new TableExtent("meta", 401, 500));
        assertEquals(100L, meta.behind());
        assertEquals(0.0, meta.percentDone(), 1e-9);
        TableProgress half = new TableProgress("meta", 450L, new TableExtent("meta", 401, 500));
        assertEquals(50L, half.behind());
        assertEquals(50.0, half.percentDone(), 1e-9);
    }

    @Test
    void positionPastTheLastRowIsFlaggedAndNotNegative() {
        TableProgress vacuumed = new TableProgress("files", 2_000L, new TableExtent("files", 1, 1_000));
        assertTrue(vacuumed.beyondEnd());
        assertEquals(0L, vacuumed.behind());
        assertEquals(100.0, vacuumed.percentDone(), 1e-9);
        TableProgress empty = new TableProgress("files", 0L, new TableExtent("files", 0, 0));
        assertEquals(0L, empty.behind());
        assertNull(empty.percentDone(), "an empty table has no percentage");
    }

    @Test
    void tablesListFilesAndMetaFirstThenOtherOffsets() {
        StatusSample sample = sample(Map.of("meta", 5L, "future_table", 9L), Map.of(), null, List.of());
        assertEquals(List.of("files", "meta", "future_table"),
            sample.tables().stream().map(TableProgress::table).toList());
        assertNull(sample.tables().get(0).position(), "files has no offset yet");
        assertEquals(5L, sample.tables().get(1).position());
    }

    @Test
    void sinkLagSumsPartitionsAndCountsUncommittedPartitionsFromTheirStart() {
        TopicPartition p0 = new TopicPartition("b.files", 0);
        TopicPartition p1 = new TopicPartition("b.files", 1);
        TopicPartition p2 = new TopicPartition("b.files", 2);
        TopicPartition meta = new TopicPartition("b.meta", 0);
        Map<TopicPartition, Long> committed = Map.of(p0, 100L, p1, 40L, meta, 7L);
        Map<TopicPartition, PartitionRange> ranges = Map.of(
            p0, new PartitionRange(0, 100),
            p1, new PartitionRange(0, 50),
            p2, new PartitionRange(20, 30),   // nothing committed yet: 10 records from its first offset
            meta, new PartitionRange(0, 7));
        StatusSample sample = sample(Map.of(), committed, ranges, List.of("b.collectors", "b.files", "b.meta"));
        Map<String, TopicLag> lags = new java.util.HashMap<>();
        sample.topics().forEach(l -> lags.put(l.topic(), l));
        assertEquals(new TopicLag("b.files", 140, 180L, 20L), lags.get("b.files"));
        assertEquals(new TopicLag("b.meta", 7, 7L, 0L), lags.get("b.meta"));
        assertEquals(new TopicLag("b.collectors", 0, 0L, 0L), lags.get("b.collectors"), "topic not created yet");

        StatusSample noKafka = sample(Map.of(), committed, null, List.of("b.files"));
        assertEquals(new TopicLag("b.files", 140, null, null), noKafka.topics().get(0));
    }

    @Test
    void transactionMarkersInAReadGapAreNotLag() {
        // An exactly-once source: the last record of partition 0 is at offset 99, its commit marker at 100.
        TopicPartition p0 = new TopicPartition("b.files", 0);
        TopicPartition p1 = new TopicPartition("b.files", 1);
        Map<TopicPartition, Long> committed = Map.of(p0, 100L, p1, 10L);
        Map<TopicPartition, PartitionRange> ranges =
            Map.of(p0, new PartitionRange(0, 101), p1, new PartitionRange(0, 20));
        StatusSample read = sample(Map.of(), committed, ranges, List.of("b.files"), Map.of(p0, 0L, p1, 7L));
        assertEquals(new TopicLag("b.files", 110, 121L, 7L), read.topics().get(0), "only the 7 records of p1");
        StatusSample unread = sample(Map.of(), committed, ranges, List.of("b.files"), Map.of());
        assertEquals(new TopicLag("b.files", 110, 121L, 11L), unread.topics().get(0), "without reading: the gaps");
    }

    @Test
    void anyFailedLooksAtConnectorsAndTasks() {
        ConnectorStatus running = new ConnectorStatus("a", "sink", ConnectorState.RUNNING, "w", null,
            List.of(new TaskStatus(0, ConnectorState.RUNNING, "w", null)));
        ConnectorStatus taskFailed = new ConnectorStatus("b", "sink", ConnectorState.RUNNING, "w", null,
            List.of(new TaskStatus(0, ConnectorState.FAILED, "w", "boom")));
        assertFalse(withConnectors(Map.of("a", new ConnectorOverview("a", null, running))).anyFailed());
        assertTrue(withConnectors(Map.of("a", new ConnectorOverview("a", null, running),
            "b", new ConnectorOverview("b", null, taskFailed))).anyFailed());
    }

    private static StatusSample sample(Map<String, Long> positions, Map<TopicPartition, Long> committed,
                                       Map<TopicPartition, PartitionRange> ranges, List<String> topics) {
        return sample(positions, committed, ranges, topics, Map.of());
    }

    private static StatusSample sample(Map<String, Long> positions, Map<TopicPartition, Long> committed,
                                       Map<TopicPartition, PartitionRange> ranges, List<String> topics,
                                       Map<TopicPartition, Long> unread) {
        return new StatusSample(Instant.EPOCH, Map.of(), "src", positions, "sink", topics, committed, ranges, unread,
            null, List.of());
    }

    private static StatusSample withConnectors(Map<String, ConnectorOverview> connectors) {
        return new StatusSample(Instant.EPOCH, connectors, null, Map.of(), null, List.of(), Map.of(), null, Map.of(),
            null, List.of());
    }
}
