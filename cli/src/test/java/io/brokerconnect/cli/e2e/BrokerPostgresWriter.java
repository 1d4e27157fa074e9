package io.brokerconnect.cli.e2e;

import io.brokerconnect.tools.generator.DualWriteTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker writing PostgreSQL itself during the cutover, with exactly the statements of
 * broker-sqlite-schema.md "the dual-write side", in autocommit: at start-up one collectors insert per configured
 * collector ({@code ON CONFLICT (project, name) DO NOTHING}) and a lookup of the ids by name; per batch a multi-row
 * files insert {@code ON CONFLICT DO NOTHING RETURNING} (sizes 0 as NULL) and one multi-row only-if-newer latest upsert
 * for the rows really inserted; per round a plain meta insert.
 */
final class BrokerPostgresWriter implements DualWriteTarget, AutoCloseable {

    /** A collector as the broker's configuration lists it. */
    record ConfiguredCollector(String project, String name, String url, int updatesInterval) {
    }

    private final Connection connection;
    private final Map<String, Integer> idByName = new HashMap<>();
    private final Map<Integer, String> nameById = new HashMap<>();
    final AtomicLong filesInserted = new AtomicLong();
    final AtomicLong metaInserted = new AtomicLong();

    BrokerPostgresWriter(Connection connection, List<ConfiguredCollector> collectors) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(true);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO collectors (project, name, url, "
            + "updates_interval) VALUES (?::project_type, ?, ?, ?) ON CONFLICT (project, name) DO NOTHING")) {
            for (ConfiguredCollector c : collectors) {
                insert.setString(1, c.project());
                insert.setString(2, c.name());
                insert.setString(3, c.url());
                insert.setInt(4, c.updatesInterval());
                insert.executeUpdate();
            }
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name FROM collectors")) {
            while (rs.next()) {
                idByName.put(rs.getString(2), rs.getInt(1));
                nameById.put(rs.getInt(1), rs.getString(2));
            }
        }
    }

    @Override
    public long writeFiles(List<CrawledFile> batch) throws SQLException {
        if (batch.isEmpty()) {
            return 0;
        }
        String sql = "INSERT INTO files (ts, collector_id, data_type, rough_size, exact_size) VALUES "
            + String.join(", ", Collections.nCopies(batch.size(), "(to_timestamp(?), ?, ?::data_type, ?, ?)"))
            + " ON CONFLICT DO NOTHING RETURNING extract(epoch FROM ts)::bigint, collector_id, data_type::text, "
            + "rough_size, exact_size";
        List<Object[]> inserted = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            int p = 1;
            for (CrawledFile f : batch) {
                Integer id = idByName.get(f.collector());
                if (id == null) {
                    throw new SQLException("The broker has no collector " + f.collector() + " in PostgreSQL");
                }
                st.setLong(p++, f.timestamp());
                st.setInt(p++, id);
                st.setString(p++, f.type());
                setSize(st, p++, f.roughSize());
                setSize(st, p++, f.exactSize());
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    inserted.add(new Object[] {rs.getLong(1), nameById.get(rs.getInt(2)), rs.getString(3),
                        rs.getObject(4), rs.getObject(5)});
                }
            }
        }
        upsertLatest(inserted);
        filesInserted.addAndGet(inserted.size());
        return inserted.size();
    }

    private void upsertLatest(List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO latest (ts, collector_name, type, rough_size, exact_size) VALUES "
            + String.join(", ", Collections.nCopies(rows.size(), "(to_timestamp(?), ?, ?, ?, ?)"))
            + " ON CONFLICT (collector_name, type) DO UPDATE SET "
            + "ts = CASE WHEN EXCLUDED.ts > latest.ts THEN EXCLUDED.ts ELSE latest.ts END, "
            + "rough_size = CASE WHEN EXCLUDED.ts > latest.ts THEN EXCLUDED.rough_size ELSE latest.rough_size END, "
            + "exact_size = CASE WHEN EXCLUDED.ts > latest.ts THEN EXCLUDED.exact_size ELSE latest.exact_size END";
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            int p = 1;
            for (Object[] r : rows) {
                st.setLong(p++, (Long) r[0]);
                st.setString(p++, (String) r[1]);
                st.setString(p++, (String) r[2]);
                setSize(st, p++, r[3] == null ? 0 : ((Number) r[3]).longValue());
                setSize(st, p++, r[4] == null ? 0 : ((Number) r[4]).longValue());
            }
            st.executeUpdate();
        }
    }

    @Override
    public void writeMeta(long updateTs, long durationSeconds, long insertCount) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("INSERT INTO meta (update_ts, update_duration, "
            + "insert_count) VALUES (to_timestamp(?), ?, ?)")) {
            st.setLong(1, updateTs);
            st.setLong(2, durationSeconds);
            st.setLong(3, insertCount);
            metaInserted.addAndGet(st.executeUpdate());
        }
    }

    private static void setSize(PreparedStatement st, int index, long size) throws SQLException {
        if (size == 0) {
            st.setNull(index, java.sql.Types.BIGINT);
        } else {
            st.setLong(index, size);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
