package io.brokerconnect.tools.generator;

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

/**
 * The broker's write statements, one method each (bgpkit/bgpkit-broker {@code src/db/mod.rs}
 * {@code insert_items}, {@code src/db/latest_files.rs} {@code update_latest_files},
 * {@code src/db/meta.rs} {@code insert_meta}): a multi-row {@code INSERT OR IGNORE ... RETURNING}
 * into files, an "only if newer" upsert into latest for the rows that were really inserted, a
 * plain meta insert and a TRUNCATE checkpoint. Values are bound as parameters here; the broker
 * formats them into the SQL text, which yields the same stored values.
 */
final class BrokerWrites {

    /** One file the live writer offers to the database. */
    record LiveFile(LiveSeries series, long timestamp, long roughSize, long exactSize) {
    }

    private static final String UPSERT_LATEST_SUFFIX = """
             ON CONFLICT (collector_name, type)
            DO UPDATE SET
                "timestamp" = CASE
                    WHEN excluded."timestamp" > "latest"."timestamp" THEN excluded."timestamp"
                    ELSE "latest"."timestamp"
                END,
                "rough_size" = CASE
                    WHEN excluded."timestamp" > "latest"."timestamp" THEN excluded."rough_size"
                    ELSE "latest"."rough_size"
                END,
                "exact_size" = CASE
                    WHEN excluded."timestamp" > "latest"."timestamp" THEN excluded."exact_size"
                    ELSE "latest"."exact_size"
                END""";

    private BrokerWrites() {
    }

    /** Inserts one batch, ignoring duplicates; returns the files that were really inserted. */
    static List<LiveFile> insertFiles(Connection connection, List<LiveFile> batch) throws SQLException {
        if (batch.isEmpty()) {
            return List.of();
        }
        String sql = "INSERT OR IGNORE INTO files (timestamp, collector_id, type_id, rough_size, exact_size) VALUES "
                + String.join(", ", Collections.nCopies(batch.size(), "(?, ?, ?, ?, ?)"))
                + " RETURNING timestamp, collector_id, type_id";
        Map<String, LiveFile> byKey = new HashMap<>();
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            int p = 1;
            for (LiveFile f : batch) {
                st.setLong(p++, f.timestamp());
                st.setLong(p++, f.series().collectorId);
                st.setLong(p++, f.series().typeId);
                st.setLong(p++, f.roughSize());
                st.setLong(p++, f.exactSize());
                byKey.put(key(f.timestamp(), f.series().collectorId, f.series().typeId), f);
            }
            List<LiveFile> inserted = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    inserted.add(byKey.get(key(rs.getLong(1), rs.getLong(2), rs.getLong(3))));
                }
            }
            return inserted;
        }
    }

    /** The broker's latest-table upsert for the inserted files. */
    static void upsertLatest(Connection connection, List<LiveFile> inserted) throws SQLException {
        if (inserted.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO \"latest\" (\"timestamp\", \"collector_name\", \"type\", \"rough_size\", \"exact_size\") VALUES "
                + String.join(", ", Collections.nCopies(inserted.size(), "(?, ?, ?, ?, ?)"))
                + UPSERT_LATEST_SUFFIX;
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            int p = 1;
            for (LiveFile f : inserted) {
                st.setLong(p++, f.timestamp());
                st.setString(p++, f.series().collectorName);
                st.setString(p++, f.series().type.dbName());
                st.setLong(p++, f.roughSize());
                st.setLong(p++, f.exactSize());
            }
            st.executeUpdate();
        }
    }

    static void insertMeta(Connection connection, long updateTs, long duration, long insertCount) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "INSERT INTO meta (update_ts, update_duration, insert_count) VALUES (?, ?, ?)")) {
            st.setLong(1, updateTs);
            st.setLong(2, duration);
            st.setLong(3, insertCount);
            st.executeUpdate();
        }
    }

    /** {@code PRAGMA wal_checkpoint(TRUNCATE)}; returns true if it completed (not blocked by a reader). */
    static boolean checkpoint(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            return rs.next() && rs.getInt(1) == 0;
        }
    }

    private static String key(long timestamp, long collectorId, long typeId) {
        return timestamp + "/" + collectorId + "/" + typeId;
    }
}
