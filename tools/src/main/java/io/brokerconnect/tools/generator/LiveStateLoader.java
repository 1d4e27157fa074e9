package io.brokerconnect.tools.generator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads where a database stands (collectors, type ids, newest file per collector and type, broker
 * clock) so the live writer can continue from there, and fills the catalog rows a fresh broker
 * would insert if the database is empty.
 *
 * <p>The newest file per series comes from {@code latest}, as in the broker (scanning 55 million
 * files rows would take seconds); only series missing there are looked up in {@code files}.
 * Every query tolerates damaged values ({@code typeof(...) = 'integer'} filters), because the
 * writer must also run against the generator's damaged databases.
 */
final class LiveStateLoader {

    private LiveStateLoader() {
    }

    record State(List<LiveSeries> series, long clock) {
    }

    static State load(Connection connection) throws SQLException {
        Map<FileType, Long> typeIds = typeIds(connection);
        if (!typeIds.containsKey(FileType.RIB) || !typeIds.containsKey(FileType.UPDATES)) {
            insertMissingTypes(connection, typeIds);
            typeIds = typeIds(connection);
        }
        List<Collector> collectors = collectors(connection);
        if (collectors.isEmpty()) {
            insertCatalog(connection);
            collectors = collectors(connection);
        }
        Map<String, Long> latest = new HashMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT collector_name, type, timestamp FROM latest "
                     + "WHERE typeof(timestamp) = 'integer' AND collector_name IS NOT NULL")) {
            while (rs.next()) {
                latest.merge(rs.getString(1) + "\u0000" + rs.getString(2), rs.getLong(3), Math::max);
            }
        }
        long newestKnown = latest.values().stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
        long clock = Math.max(newestKnown, newestMeta(connection).orElse(Long.MIN_VALUE));
        if (clock == Long.MIN_VALUE) {
            clock = System.currentTimeMillis() / 1000;
        }
        clock = Math.floorDiv(clock, Timeline.GRID) * Timeline.GRID;
        List<LiveSeries> series = new ArrayList<>();
        for (Collector c : collectors) {
            for (FileType type : FileType.values()) {
                long typeId = typeIds.get(type);
                Long newest = latest.get(c.name() + "\u0000" + type.dbName());
                long stored = newest != null ? newest : newestInFiles(connection, c.id(), typeId);
                series.add(new LiveSeries(c.id(), c.name(), c.project(), type, typeId, stored, clock));
            }
        }
        return new State(series, clock);
    }

    private static Map<FileType, Long> typeIds(Connection connection) throws SQLException {
        Map<FileType, Long> ids = new HashMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, name FROM types WHERE name IN ('rib', 'updates')")) {
            while (rs.next()) {
                ids.put(FileType.fromDbName(rs.getString(2)), rs.getLong(1));
            }
        }
        return ids;
    }

    private static void insertMissingTypes(Connection connection, Map<FileType, Long> present) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO types (name) VALUES (?)")) {
            for (FileType type : FileType.values()) {
                if (!present.containsKey(type)) {
                    insert.setString(1, type.dbName());
                    insert.executeUpdate();
                }
            }
        }
    }

    /** Usable collectors: integer id, a name, and a project the broker recognises (aliases included). */
    private static List<Collector> collectors(Connection connection) throws SQLException {
        List<Collector> collectors = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, name, url, project FROM collectors ORDER BY id")) {
            while (rs.next()) {
                String name = rs.getString(2);
                Optional<BrokerProject> project = BrokerProject.parse(rs.getString(4));
                if (name != null && project.isPresent()) {
                    collectors.add(new Collector(rs.getLong(1), name, rs.getString(3), project.get(), rs.getString(4)));
                }
            }
        }
        return collectors;
    }

    /** What the broker's first update round does: insert every configured collector. */
    private static void insertCatalog(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO collectors (name, url, project, updates_interval) VALUES (?, ?, ?, ?)")) {
            for (Collector c : CollectorCatalog.defaults()) {
                insert.setString(1, c.name());
                insert.setString(2, c.url());
                insert.setString(3, c.projectSpelling());
                insert.setLong(4, c.updatesInterval());
                insert.executeUpdate();
            }
        }
    }

    private static Optional<Long> newestMeta(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(update_ts) FROM meta WHERE typeof(update_ts) = 'integer'")) {
            long value = rs.next() ? rs.getLong(1) : 0;
            return rs.wasNull() ? Optional.empty() : Optional.of(value);
        }
    }

    private static long newestInFiles(Connection connection, long collectorId, long typeId) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT max(timestamp) FROM files "
                + "WHERE collector_id = ? AND type_id = ? AND typeof(timestamp) = 'integer'")) {
            st.setLong(1, collectorId);
            st.setLong(2, typeId);
            try (ResultSet rs = st.executeQuery()) {
                long value = rs.next() ? rs.getLong(1) : 0;
                return rs.wasNull() ? Long.MIN_VALUE : value;
            }
        }
    }
}
