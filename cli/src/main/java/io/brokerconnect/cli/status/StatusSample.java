package io.brokerconnect.cli.status;

import io.brokerconnect.cli.connect.ConnectorOverview;
import io.brokerconnect.cli.pipeline.SqliteExtents;
import io.brokerconnect.cli.pipeline.TableExtent;
import io.brokerconnect.cli.status.TopicEndOffsets.PartitionRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What one refresh of {@code status} read, and the per-table and per-topic figures derived from it.
 *
 * @param at               when the sample was taken
 * @param connectors       every connector on the cluster with definition and status
 * @param sourceConnector  the pipeline's source connector, or null when none was found
 * @param sourcePositions  the source's rowid offset per table (from the offsets API), empty before its first commit
 * @param sinkConnector    the pipeline's sink connector, or null when none was found
 * @param sinkTopics       the topics the sink reads
 * @param sinkCommitted    the sink's committed offset per topic partition (from the offsets API)
 * @param topicRanges      first and end offsets per partition of the sink's topics; null without a Kafka connection
 * @param unreadRecords    for partitions whose gap between committed and end offset was read: the records (not
 *                         transaction markers) in it; other partitions count the gap
 * @param sqlite           rowid range per SQLite table; null without {@code --sqlite}
 * @param problems         what could not be read (each names the thing and why)
 */
record StatusSample(Instant at, Map<String, ConnectorOverview> connectors, String sourceConnector,
                    Map<String, Long> sourcePositions, String sinkConnector, List<String> sinkTopics,
                    Map<TopicPartition, Long> sinkCommitted, Map<TopicPartition, PartitionRange> topicRanges,
                    Map<TopicPartition, Long> unreadRecords, Map<String, TableExtent> sqlite, List<String> problems) {

    /** How far the source has read one table, against SQLite's rowids when known. */
    record TableProgress(String table, Long position, TableExtent extent) {

        /** Rows (rowids) after the position; null when either side is unknown. */
        Long behind() {
            return extent == null ? null : extent.rowsAfter(position);
        }

        /** Share of the table read, 0-100; null when unknown or the table is empty. */
        Double percentDone() {
            if (extent == null || extent.maxRowid() == 0) {
                return null;
            }
            long before = Math.max(0, extent.minRowid() - 1);
            double span = extent.maxRowid() - before;
            return Math.min(100.0, 100.0 * (effectivePosition() - before) / span);
        }

        /** True when the stored rowid is past SQLite's last row (VACUUM renumbered rows, or another file). */
        boolean beyondEnd() {
            return extent != null && position != null && position > extent.maxRowid();
        }

        private long effectivePosition() {
            return extent.effectivePosition(position);
        }
    }

    /**
     * How far the sink has consumed one topic: committed and end offsets summed over its partitions.
     * {@code end} and {@code lag} are null without a Kafka connection.
     */
    record TopicLag(String topic, long committed, Long end, Long lag) {
    }

    StatusSample {
        connectors = Collections.unmodifiableMap(new TreeMap<>(connectors)); // listed by name
        sourcePositions = Map.copyOf(sourcePositions);
        sinkTopics = List.copyOf(sinkTopics);
        sinkCommitted = Map.copyOf(sinkCommitted);
        topicRanges = topicRanges == null ? null : Map.copyOf(topicRanges);
        unreadRecords = Map.copyOf(unreadRecords);
        sqlite = sqlite == null ? null : Map.copyOf(sqlite);
        problems = List.copyOf(problems);
    }

    /** One entry per source table: those in SQLite (files, meta) first, then any other table with an offset. */
    List<TableProgress> tables() {
        Set<String> names = new LinkedHashSet<>();
        SqliteExtents.TABLES.forEach(t -> names.add(t.name()));
        names.addAll(sourcePositions.keySet());
        List<TableProgress> tables = new ArrayList<>();
        for (String name : names) {
            tables.add(new TableProgress(name, sourcePositions.get(name), sqlite == null ? null : sqlite.get(name)));
        }
        return tables;
    }

    /**
     * One entry per sink topic. A partition without a committed offset counts from its first offset: the sink
     * will read all of it. Where the gap was read, only records count, not transaction markers.
     */
    List<TopicLag> topics() {
        Set<String> names = new LinkedHashSet<>(sinkTopics);
        sinkCommitted.keySet().forEach(tp -> names.add(tp.topic()));
        List<TopicLag> lags = new ArrayList<>();
        for (String topic : names) {
            long committed = 0;
            for (Map.Entry<TopicPartition, Long> entry : sinkCommitted.entrySet()) {
                if (entry.getKey().topic().equals(topic)) {
                    committed += entry.getValue();
                }
            }
            if (topicRanges == null) {
                lags.add(new TopicLag(topic, committed, null, null));
                continue;
            }
            long end = 0;
            long lag = 0;
            for (Map.Entry<TopicPartition, PartitionRange> entry : topicRanges.entrySet()) {
                if (entry.getKey().topic().equals(topic)) {
                    end += entry.getValue().end();
                    PartitionRange range = entry.getValue();
                    long gap = Math.max(0, range.end() - readFrom(sinkCommitted, entry.getKey(), range));
                    lag += unreadRecords.getOrDefault(entry.getKey(), gap);
                }
            }
            lags.add(new TopicLag(topic, committed, end, lag));
        }
        return lags;
    }

    /** The offset the sink reads next in {@code partition}: its committed offset, or the partition's first one. */
    static long readFrom(Map<TopicPartition, Long> committed, TopicPartition partition, PartitionRange range) {
        return Math.max(committed.getOrDefault(partition, range.start()), range.start());
    }

    /** True when a connector or task on the cluster is FAILED. */
    boolean anyFailed() {
        return connectors.values().stream().anyMatch(c -> c.status() != null && c.status().anyFailed());
    }
}
