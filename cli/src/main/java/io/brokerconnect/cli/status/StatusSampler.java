package io.brokerconnect.cli.status;

import io.brokerconnect.cli.connect.ConnectRestClient;
import io.brokerconnect.cli.connect.ConnectRestException;
import io.brokerconnect.cli.offsets.ConnectorOffsets;
import io.brokerconnect.cli.pipeline.SqliteExtents;
import io.brokerconnect.cli.pipeline.TableExtent;
import io.brokerconnect.cli.connect.ConnectorOverview;
import io.brokerconnect.cli.status.TopicEndOffsets.PartitionRange;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Takes one {@link StatusSample}: connectors and task states from Connect's REST API, the source connector's rowid
 * offsets and the sink connector's committed offsets from the offsets API (KIP-875), the end offsets of the sink's
 * topics from Kafka, and the rowid range of the SQLite tables. What cannot be read becomes a problem in the
 * sample; only an unreachable Connect worker throws.
 */
final class StatusSampler {

    private final ConnectRestClient connect;
    private final String sourceOption;
    private final String sinkOption;
    private final Path sqlite;
    private final TopicEndOffsets kafka;
    private final UnreadRecordCounter unread;
    private final Clock clock;

    /**
     * @param sourceOption the source connector's name if given, else null (then found by default name or class)
     * @param sinkOption   the same for the sink
     * @param sqlite       the broker's SQLite file, or null
     * @param kafka        an Admin-backed offset reader, or null
     * @param unread       a consumer that tells transaction markers from records in small gaps, or null
     */
    StatusSampler(ConnectRestClient connect, String sourceOption, String sinkOption, Path sqlite,
                  TopicEndOffsets kafka, UnreadRecordCounter unread, Clock clock) {
        this.connect = connect;
        this.sourceOption = sourceOption;
        this.sinkOption = sinkOption;
        this.sqlite = sqlite;
        this.kafka = kafka;
        this.unread = unread;
        this.clock = clock;
    }

    /** @throws ConnectRestException when the connector list cannot be read */
    StatusSample sample() {
        var at = clock.instant();
        Map<String, ConnectorOverview> connectors = connect.connectors();
        List<String> problems = new ArrayList<>();

        String source = PipelineConnectors.resolve(sourceOption, PipelineConnectors.DEFAULT_SOURCE,
            PipelineConnectors.SOURCE_CLASS, connectors);
        Map<String, Long> positions = Map.of();
        if (source != null && present(source, "source", connectors, problems)) {
            positions = sourcePositions(source, problems);
        }

        String sink = PipelineConnectors.resolve(sinkOption, PipelineConnectors.DEFAULT_SINK,
            PipelineConnectors.SINK_CLASS, connectors);
        List<String> topics = List.of();
        Map<TopicPartition, Long> committed = Map.of();
        if (sink != null && present(sink, "sink", connectors, problems)) {
            topics = sinkTopics(connectors.get(sink));
            committed = sinkCommitted(sink, problems);
        }

        Map<TopicPartition, PartitionRange> ranges = null;
        Map<TopicPartition, Long> unreadRecords = Map.of();
        if (kafka != null) {
            Set<String> all = new LinkedHashSet<>(topics);
            committed.keySet().forEach(tp -> all.add(tp.topic()));
            try {
                ranges = kafka.read(all);
                unreadRecords = countUnread(committed, ranges);
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }

        Map<String, TableExtent> extents = null;
        if (sqlite != null) {
            try {
                extents = SqliteExtents.read(sqlite);
            } catch (SQLException e) {
                problems.add("Cannot read the SQLite database " + sqlite + ": " + e.getMessage());
            }
        }
        return new StatusSample(at, connectors, source, positions, sink, topics, committed, ranges, unreadRecords,
            extents, problems);
    }

    private Map<TopicPartition, Long> countUnread(Map<TopicPartition, Long> committed,
                                                  Map<TopicPartition, PartitionRange> ranges) {
        if (unread == null) {
            return Map.of();
        }
        Map<TopicPartition, long[]> gaps = new HashMap<>();
        ranges.forEach((partition, range) -> {
            gaps.put(partition, new long[] {StatusSample.readFrom(committed, partition, range), range.end()});
        });
        return unread.count(gaps);
    }

    private boolean present(String name, String role, Map<String, ConnectorOverview> connectors,
                            List<String> problems) {
        if (connectors.containsKey(name)) {
            return true;
        }
        problems.add("No " + role + " connector '" + name + "' at " + connect.baseUrl() + " (connectors there: "
            + (connectors.isEmpty() ? "none" : String.join(", ", connectors.keySet())) + ")");
        return false;
    }

    /** The source's offsets: partition {"v": 1, "table": T} -> offset {"rowid": N, ...}. */
    private Map<String, Long> sourcePositions(String source, List<String> problems) {
        try {
            return ConnectorOffsets.sourceRowids(connect.offsets(source));
        } catch (ConnectRestException | IllegalArgumentException e) {
            problems.add("Cannot read the source connector's offsets: " + e.getMessage());
            return Map.of();
        }
    }

    /** The sink's committed offsets: partition {"kafka_topic", "kafka_partition"} -> {"kafka_offset": N}. */
    private Map<TopicPartition, Long> sinkCommitted(String sink, List<String> problems) {
        try {
            return ConnectorOffsets.sinkCommitted(connect.offsets(sink));
        } catch (ConnectRestException e) {
            problems.add("Cannot read the sink connector's offsets: " + e.getMessage());
            return Map.of();
        }
    }

    /** The sink's {@code topics} setting (a {@code topics.regex} sink shows the topics it has committed on). */
    private static List<String> sinkTopics(ConnectorOverview sink) {
        String topics = sink.info() == null ? null : sink.info().config().get("topics");
        if (topics == null || topics.isBlank()) {
            return List.of();
        }
        return Arrays.stream(topics.split(",")).map(String::strip).filter(t -> !t.isEmpty()).sorted().toList();
    }
}
