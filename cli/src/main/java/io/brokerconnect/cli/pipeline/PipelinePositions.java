package io.brokerconnect.cli.pipeline;

import io.brokerconnect.cli.connect.ConnectRestClient;
import io.brokerconnect.cli.connect.ConnectRestException;
import io.brokerconnect.cli.connect.ConnectorOffset;
import io.brokerconnect.cli.offsets.ConnectorOffsets;
import io.brokerconnect.cli.offsets.SourceOffsets;
import io.brokerconnect.common.model.TopicNames;
import io.brokerconnect.source.sqlite.BrokerDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Reads {@link TablePosition}s: topic end offsets and the sink's committed offsets from Kafka and Connect's offsets
 * API, the source's committed rowid per table from the same API, and the SQLite rows after that rowid from the
 * tables' rowid ranges ({@link SqliteExtents}, as {@code status} reads them: two B-tree lookups per table, so a
 * refresh stays instant on 55 million rows).
 */
public final class PipelinePositions implements AutoCloseable {

    private static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(5);

    private final ToLongFunction<String> endOffsets;
    private final ConnectRestClient rest;
    private final BrokerDatabase sqlite;
    private final TopicNames topics = PipelineConfigs.topics();

    /** {@code endOffsets}: the sum of a topic's end offsets (0 while it does not exist). */
    public PipelinePositions(ToLongFunction<String> endOffsets, ConnectRestClient rest, Path sqlitePath)
            throws SQLException {
        this.endOffsets = endOffsets;
        this.rest = rest;
        this.sqlite = BrokerDatabase.openReadOnly(sqlitePath, SQLITE_BUSY_TIMEOUT);
    }

    public List<TablePosition> read() throws SQLException {
        SourceOffsets source = sourceOffsets();
        List<ConnectorOffset> sinkOffsets = offsets(PipelineConfigs.SINK);
        Map<String, TableExtent> extents = SqliteExtents.read(sqlite);
        return List.of(
            position("collectors", topics.collectors(), 0, sinkOffsets),
            position("files", topics.files(), extents.get("files").rowsAfter(source.filesRowid()), sinkOffsets),
            position("meta", topics.meta(), extents.get("meta").rowsAfter(source.metaRowid()), sinkOffsets));
    }

    /** Damaged rows the source sent to the errors topic. */
    public long rejected() {
        return endOffsets.applyAsLong(topics.errors());
    }

    private TablePosition position(String table, String topic, long unread, List<ConnectorOffset> sinkOffsets) {
        long inKafka = endOffsets.applyAsLong(topic);
        long inPostgres = ConnectorOffsets.sinkCommittedSum(sinkOffsets, topic);
        return new TablePosition(table, inKafka, unread, inPostgres);
    }

    /** The source connector's committed rowids (0 for a table it has not committed an offset for yet). */
    public SourceOffsets sourceOffsets() {
        return ConnectorOffsets.source(offsets(PipelineConfigs.SOURCE), "the source connector's committed offsets");
    }

    private List<ConnectorOffset> offsets(String connector) {
        try {
            return rest.offsets(connector);
        } catch (ConnectRestException e) {
            return List.of(); // not deployed yet, or between rebalances: nothing committed to show
        }
    }

    @Override
    public void close() throws SQLException {
        sqlite.close();
    }
}
