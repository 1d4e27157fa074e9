package io.brokerconnect.sink.it;

import java.nio.file.Path;
import io.brokerconnect.sink.layout.TargetLayout;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker catalog as comparable text rows, read either from PostgreSQL (the sink's result) or from the SQLite
 * source under the spec's conversions (the expectation, computed with plain SQL, independently of the connectors):
 * project aliases normalised, sizes 0 as NULL, latest = newest file per collector name and type. Damaged rows,
 * which the source sends to its errors topic, are left out of the expectation.
 */
public record BrokerState(List<String> collectors, List<String> files, List<String> latest, List<String> meta) {

    private static final Map<String, String> PROJECTS = Map.of(
        "ripe-ris", "ripe-ris", "riperis", "ripe-ris", "route-views", "route-views", "routeviews", "route-views");

    public static BrokerState fromPostgres(Connection c, String schema) throws SQLException {
        String s = schema + ".";
        return new BrokerState(
            rows(c, "SELECT project || '/' || name || '|' || COALESCE(url, 'NULL') || '|' || updates_interval FROM "
                + s + "collectors"),
            rows(c, "SELECT c.project || '/' || c.name || '|' || f.data_type || '|' || extract(epoch FROM f.ts)::bigint "
                + "|| '|' || COALESCE(f.rough_size::text, 'NULL') || '|' || COALESCE(f.exact_size::text, 'NULL') FROM "
                + s + "files f JOIN " + s + "collectors c ON c.id = f.collector_id"),
            rows(c, "SELECT collector_name || '|' || type || '|' || extract(epoch FROM ts)::bigint || '|' || "
                + "COALESCE(rough_size::text, 'NULL') || '|' || COALESCE(exact_size::text, 'NULL') FROM " + s + "latest"),
            rows(c, "SELECT extract(epoch FROM update_ts)::bigint || '|' || update_duration || '|' || insert_count FROM "
                + s + "meta"));
    }

    /**
     * The state of any layout, read through its read relations, in the same row form as {@link #fromPostgres};
     * an empty url (an upstream placeholder) reads as {@code NULL}, as SQLite's NULL url is expected there.
     */
    public static BrokerState fromPostgres(Connection c, TargetLayout layout) throws SQLException {
        String collectors = layout.collectorsRelation();
        return new BrokerState(
            rows(c, "SELECT project || '/' || name || '|' || COALESCE(NULLIF(url, ''), 'NULL') || '|' || updates_interval "
                + "FROM " + collectors + " c"),
            rows(c, "SELECT c.project || '/' || c.name || '|' || f.data_type || '|' || extract(epoch FROM f.ts)::bigint "
                + "|| '|' || COALESCE(f.rough_size::text, 'NULL') || '|' || COALESCE(f.exact_size::text, 'NULL') FROM "
                + layout.filesRelation() + " f JOIN " + collectors + " c ON c.id = f.collector_id"),
            rows(c, "SELECT collector_name || '|' || type || '|' || extract(epoch FROM ts)::bigint || '|' || "
                + "COALESCE(rough_size::text, 'NULL') || '|' || COALESCE(exact_size::text, 'NULL') FROM "
                + layout.latestRelation() + " l"),
            rows(c, "SELECT extract(epoch FROM update_ts)::bigint || '|' || update_duration || '|' || insert_count FROM "
                + layout.metaRelation() + " m"));
    }

    /** SQLite's content under the spec's conversions (sizes of 0 as NULL). */
    public static BrokerState fromSqlite(Path database) throws SQLException {
        return fromSqlite(database, true);
    }

    /** SQLite's content; {@code zeroAsNull} false for the upstream layouts, which keep 0. */
    public static BrokerState fromSqlite(Path database, boolean zeroAsNull) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database)) {
            Map<Long, String> collectorById = new HashMap<>();
            List<String> collectors = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id, name, url, project, updates_interval FROM collectors")) {
                while (rs.next()) {
                    String project = rs.getString(4) == null ? null : PROJECTS.get(rs.getString(4));
                    if (rs.getString(2) == null || project == null) {
                        continue;
                    }
                    String key = project + "/" + rs.getString(2);
                    collectorById.put(rs.getLong(1), key);
                    collectors.add(key + "|" + (rs.getString(3) == null ? "NULL" : rs.getString(3)) + "|"
                        + rs.getLong(5));
                }
            }
            List<String> files = new ArrayList<>();
            Map<String, long[]> newest = new HashMap<>();
            String sql = "SELECT f.timestamp, f.collector_id, t.name, f.rough_size, f.exact_size FROM files f "
                + "JOIN types t ON t.id = f.type_id WHERE typeof(f.timestamp) = 'integer' AND f.timestamp >= 0 "
                + "AND typeof(f.collector_id) = 'integer' AND typeof(f.type_id) = 'integer' "
                + "AND typeof(f.rough_size) = 'integer' AND f.rough_size >= 0 "
                + "AND typeof(f.exact_size) = 'integer' AND f.exact_size >= 0 AND t.name IN ('rib', 'updates')";
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    String collector = collectorById.get(rs.getLong(2));
                    if (collector == null) {
                        continue;
                    }
                    long ts = rs.getLong(1);
                    files.add(collector + "|" + rs.getString(3) + "|" + ts + "|" + size(rs.getLong(4), zeroAsNull) + "|"
                        + size(rs.getLong(5), zeroAsNull));
                    String latestKey = collector.substring(collector.indexOf('/') + 1) + "|" + rs.getString(3);
                    long[] current = newest.get(latestKey);
                    if (current == null || ts > current[0]) {
                        newest.put(latestKey, new long[] {ts, rs.getLong(4), rs.getLong(5)});
                    }
                }
            }
            List<String> latest = new ArrayList<>();
            newest.forEach((key, v) -> latest.add(key + "|" + v[0] + "|" + size(v[1], zeroAsNull) + "|"
                + size(v[2], zeroAsNull)));
            List<String> meta = rows(c, "SELECT update_ts || '|' || update_duration || '|' || insert_count FROM meta "
                + "WHERE typeof(update_ts) = 'integer' AND typeof(update_duration) = 'integer' "
                + "AND typeof(insert_count) = 'integer'");
            Collections.sort(collectors);
            Collections.sort(files);
            Collections.sort(latest);
            return new BrokerState(collectors, files, latest, meta);
        }
    }

    private static String size(long size, boolean zeroAsNull) {
        return size == 0 && zeroAsNull ? "NULL" : Long.toString(size);
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        Collections.sort(out);
        return out;
    }
}
