package io.brokerconnect.source.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The test oracle: what the topics must hold for a broker database, computed straight from SQLite with plain
 * SQL and the rules of the record model (not with the connector's code). Files are keyed
 * {@code project/collector/type/epochSeconds} with value {@code rough/exact}; rows that break a rule are
 * expected on the errors topic, by rowid.
 */
final class ExpectedContent {

    private static final Map<String, String> PROJECTS = Map.of(
        "ripe-ris", "ripe-ris", "riperis", "ripe-ris", "route-views", "route-views", "routeviews", "route-views");

    final Map<String, String> files = new HashMap<>();
    final Set<Long> damagedFileRowids = new HashSet<>();
    final Map<String, String> meta = new HashMap<>();
    final Set<Long> damagedMetaRowids = new HashSet<>();
    final Map<String, String> collectors = new HashMap<>();
    final Set<Long> damagedCollectorIds = new HashSet<>();
    long validMetaRows;
    long maxFilesRowid;
    long maxMetaRowid;

    static ExpectedContent of(Path database) throws SQLException {
        ExpectedContent expected = new ExpectedContent();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database); Statement s = c.createStatement()) {
            expected.readCollectors(s);
            expected.readFiles(s);
            expected.readMeta(s);
        }
        return expected;
    }

    private void readCollectors(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT id, name, url, project, updates_interval FROM collectors")) {
            while (rs.next()) {
                String name = rs.getString(2);
                String project = project(rs.getString(4));
                if (name == null || project == null) {
                    damagedCollectorIds.add(rs.getLong(1));
                } else {
                    collectors.put(project + "/" + name, rs.getString(3) + "/" + rs.getObject(5));
                }
            }
        }
    }

    private void readFiles(Statement s) throws SQLException {
        String sql = "SELECT f.rowid, f.timestamp, typeof(f.timestamp), c.project, c.name, t.name, "
            + "f.rough_size, typeof(f.rough_size), f.exact_size, typeof(f.exact_size), "
            + "typeof(f.collector_id), typeof(f.type_id) "
            + "FROM files f LEFT JOIN collectors c ON c.id = f.collector_id AND typeof(f.collector_id) = 'integer' "
            + "LEFT JOIN types t ON t.id = f.type_id AND typeof(f.type_id) = 'integer'";
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                long rowid = rs.getLong(1);
                maxFilesRowid = Math.max(maxFilesRowid, rowid);
                String project = project(rs.getString(4));
                String collector = rs.getString(5);
                String type = rs.getString(6);
                boolean valid = "integer".equals(rs.getString(3)) && rs.getLong(2) >= 0
                    && "integer".equals(rs.getString(11)) && "integer".equals(rs.getString(12))
                    && project != null && collector != null && ("rib".equals(type) || "updates".equals(type))
                    && "integer".equals(rs.getString(8)) && rs.getLong(7) >= 0
                    && "integer".equals(rs.getString(10)) && rs.getLong(9) >= 0;
                if (valid) {
                    String previous = files.put(fileKey(project, collector, type, rs.getLong(2)),
                        rs.getLong(7) + "/" + rs.getLong(9));
                    if (previous != null) {
                        throw new IllegalStateException("database holds a duplicate file key at rowid " + rowid);
                    }
                } else {
                    damagedFileRowids.add(rowid);
                }
            }
        }
    }

    private void readMeta(Statement s) throws SQLException {
        String sql = "SELECT rowid, update_ts, typeof(update_ts), update_duration, typeof(update_duration), "
            + "insert_count, typeof(insert_count) FROM meta";
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                long rowid = rs.getLong(1);
                maxMetaRowid = Math.max(maxMetaRowid, rowid);
                boolean valid = "integer".equals(rs.getString(3)) && rs.getLong(2) >= 0
                    && "integer".equals(rs.getString(5)) && rs.getLong(4) >= 0 && rs.getLong(4) <= Integer.MAX_VALUE
                    && "integer".equals(rs.getString(7)) && rs.getLong(6) >= 0 && rs.getLong(6) <= Integer.MAX_VALUE;
                if (valid) {
                    validMetaRows++;
                    meta.merge(Long.toString(rs.getLong(2)), rs.getLong(4) + "/" + rs.getLong(6),
                        (a, b) -> a.equals(b) ? a : a + "|" + b);
                } else {
                    damagedMetaRowids.add(rowid);
                }
            }
        }
    }

    private static String project(String stored) {
        return stored == null ? null : PROJECTS.get(stored);
    }

    static String fileKey(String project, String collector, String type, long epochSeconds) {
        return project + "/" + collector + "/" + type + "/" + epochSeconds;
    }
}
