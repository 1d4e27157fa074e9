package io.brokerconnect.cli.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.connect.ConnectorOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The one reading of both connectors' offsets, on entries shaped as Connect's offsets API returns them. */
class ConnectorOffsetsTest {

    @Test
    void sourceOffsetsAreReadByTheSourcesOwnFormat() {
        List<ConnectorOffset> offsets = List.of(
            new ConnectorOffset(Map.of("v", 1, "table", "files"), Map.of("rowid", 4711, "key.timestamp", 1,
                "key.collector_id", 2, "key.type_id", 3)),
            new ConnectorOffset(Map.of("v", 1, "table", "meta"), Map.of("rowid", 12L)));
        assertEquals(Map.of("files", 4711L, "meta", 12L), ConnectorOffsets.sourceRowids(offsets));
        SourceOffsets source = ConnectorOffsets.source(offsets, "test");
        assertEquals(4711, source.filesRowid());
        assertEquals(12, source.metaRowid());
    }

    @Test
    void aTableWithoutAnOffsetHasEmittedNothing() {
        List<ConnectorOffset> offsets = List.of(new ConnectorOffset(Map.of("v", 1, "table", "files"),
            Map.of("rowid", 5)));
        assertEquals(0, ConnectorOffsets.source(offsets, "test").metaRowid());
        assertEquals(Map.of("files", 5L), ConnectorOffsets.sourceRowids(offsets), "absent stays absent");
    }

    @Test
    void malformedSourceOffsetsAreErrorsNamingTheProblem() {
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class, () -> ConnectorOffsets
            .sourceRowids(List.of(new ConnectorOffset(Map.of("v", 2, "table", "files"), Map.of("rowid", 1)))));
        assertTrue(version.getMessage().contains("\"v\": 1"), version.getMessage());
        IllegalArgumentException rowid = assertThrows(IllegalArgumentException.class, () -> ConnectorOffsets
            .sourceRowids(List.of(new ConnectorOffset(Map.of("v", 1, "table", "files"), Map.of("rowid", -3)))));
        assertTrue(rowid.getMessage().contains("non-negative integer"), rowid.getMessage());
    }

    @Test
    void sinkOffsetsArePerTopicPartitionAndSumPerTopic() {
        List<ConnectorOffset> offsets = List.of(ConnectorOffset.sink("broker.files", 0, 10),
            ConnectorOffset.sink("broker.files", 1, 32), ConnectorOffset.sink("broker.meta", 0, 7),
            new ConnectorOffset(Map.of("kafka_topic", "broker.files"), Map.of("kafka_offset", 99)));
        assertEquals(Map.of(new TopicPartition("broker.files", 0), 10L, new TopicPartition("broker.files", 1), 32L,
            new TopicPartition("broker.meta", 0), 7L), ConnectorOffsets.sinkCommitted(offsets), "malformed skipped");
        assertEquals(42, ConnectorOffsets.sinkCommittedSum(offsets, "broker.files"));
    }
}
