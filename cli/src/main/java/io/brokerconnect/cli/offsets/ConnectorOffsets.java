package io.brokerconnect.cli.offsets;

import io.brokerconnect.cli.connect.ConnectorOffset;
import io.brokerconnect.source.offset.TableOffset;
import io.brokerconnect.source.sqlite.AppendOnlyTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The one reading of the two connectors' offsets as Connect's offsets API returns them, for verify, status and the
 * quickstart. Source offsets are parsed by the source connector's own {@link TableOffset}, so their format lives in
 * one place; sink offsets are the committed consumer positions, partition {@code {"kafka_topic", "kafka_partition"}},
 * offset {@code {"kafka_offset": N}}.
 */
public final class ConnectorOffsets {

    private static final List<AppendOnlyTable> SOURCE_TABLES = List.of(AppendOnlyTable.FILES, AppendOnlyTable.META);

    private ConnectorOffsets() {
    }

    /**
     * Table name to committed rowid, for each table the source connector has committed an offset for.
     *
     * @throws IllegalArgumentException naming the entry that is not a valid source offset
     */
    public static Map<String, Long> sourceRowids(List<ConnectorOffset> offsets) {
        Map<String, Long> rowids = new HashMap<>();
        for (ConnectorOffset entry : offsets) {
            AppendOnlyTable table = TableOffset.tableOf(entry.partition(), SOURCE_TABLES);
            TableOffset.fromMap(table, entry.offset()).ifPresent(o -> rowids.put(table.name(), o.rowid()));
        }
        return rowids;
    }

    /**
     * The source's committed rowids of files and meta (0 for a table without an offset yet: nothing emitted from it).
     *
     * @throws IllegalArgumentException naming the entry that is not a valid source offset
     */
    public static SourceOffsets source(List<ConnectorOffset> offsets, String origin) {
        Map<String, Long> rowids = sourceRowids(offsets);
        return new SourceOffsets(rowids.getOrDefault(AppendOnlyTable.FILES.name(), 0L),
            rowids.getOrDefault(AppendOnlyTable.META.name(), 0L), origin);
    }

    /** The sink connector's committed position (next offset to read) per topic partition; malformed entries skipped. */
    public static Map<TopicPartition, Long> sinkCommitted(List<ConnectorOffset> offsets) {
        Map<TopicPartition, Long> committed = new HashMap<>();
        for (ConnectorOffset entry : offsets) {
            Object topic = entry.partition() == null ? null : entry.partition().get(ConnectorOffset.SINK_TOPIC);
            Long partition = entry.partitionNumber(ConnectorOffset.SINK_PARTITION);
            Long position = entry.offset() == null ? null : entry.offsetNumber(ConnectorOffset.SINK_OFFSET);
            if (topic != null && partition != null && position != null) {
                committed.put(new TopicPartition(topic.toString(), partition.intValue()), position);
            }
        }
        return committed;
    }

    /** The sum of the sink's committed positions on {@code topic}: records of it the sink has written. */
    public static long sinkCommittedSum(List<ConnectorOffset> offsets, String topic) {
        return sinkCommitted(offsets).entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
            .mapToLong(Map.Entry::getValue).sum();
    }
}
