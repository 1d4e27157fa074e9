package io.brokerconnect.sink.write;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.sink.layout.TargetLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upserts collectors by their natural key (project, name). A changed url or updates interval updates the row; the
 * id is always PostgreSQL's own identity value, never one from SQLite.
 */
public final class CollectorWriter {

    private final String sql;

    public CollectorWriter(TargetLayout layout) {
        this.sql = layout.upsertCollector();
    }

    /** Applies the newest version of each collector in {@code records} (later records win), in key order. */
    public void upsert(Connection connection, List<CollectorRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        Map<String, CollectorRecord> newest = new LinkedHashMap<>();
        for (CollectorRecord record : records) {
            newest.put(record.project().canonicalName() + "\u0000" + record.name(), record);
        }
        // Key order; batches that write collectors are also serialised by BatchWriter's advisory lock.
        List<CollectorRecord> ordered = newest.values().stream()
            .sorted(Comparator.comparing((CollectorRecord r) -> r.project().canonicalName()).thenComparing(CollectorRecord::name))
            .toList();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (CollectorRecord record : ordered) {
                statement.setString(1, record.project().canonicalName());
                statement.setString(2, record.name());
                if (record.url() == null) {
                    statement.setNull(3, Types.VARCHAR);
                } else {
                    statement.setString(3, record.url());
                }
                int interval = record.updatesInterval() != null ? record.updatesInterval()
                    : record.project().defaultUpdatesInterval();
                statement.setInt(4, interval);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
