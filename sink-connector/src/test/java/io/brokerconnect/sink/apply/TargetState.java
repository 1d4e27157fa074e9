package io.brokerconnect.sink.apply;

import static org.junit.jupiter.api.Assertions.fail;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.sink.layout.TargetLayout;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The complete content of the four target tables as sorted text rows, in a form that does not depend on PostgreSQL's
 * identity values: collectors without ids, files joined to their collector's (project, name), meta without ids and
 * as a multiset. Two databases hold the same broker data exactly when their states are equal.
 *
 * @param collectors {@code project|name|url|updates_interval}
 * @param files      {@code project|name|data_type|epoch|rough_size|exact_size}
 * @param latest     {@code collector_name|type|epoch|rough_size|exact_size}
 * @param meta       {@code update_ts epoch|update_duration|insert_count}, duplicates kept
 */
record TargetState(List<String> collectors, List<String> files, List<String> latest, List<String> meta) {

    /** Reads the state of the database behind {@code connection} (schema public). */
    static TargetState read(Connection connection) throws SQLException {
        return new TargetState(
            rows(connection, "SELECT project::text, name, url, updates_interval FROM collectors"),
            rows(connection, "SELECT c.project::text, c.name, f.data_type::text, extract(epoch FROM f.ts)::bigint, "
                + "f.rough_size, f.exact_size FROM files f JOIN collectors c ON c.id = f.collector_id"),
            rows(connection, "SELECT collector_name, type, extract(epoch FROM ts)::bigint, rough_size, exact_size "
                + "FROM latest"),
            rows(connection, "SELECT extract(epoch FROM update_ts)::bigint, update_duration, insert_count FROM meta"));
    }

    /** Reads the state through the layout's read relations, in the same row form as {@link #read(Connection)}. */
    static TargetState read(Connection connection, TargetLayout layout) throws SQLException {
        String c = layout.collectorsRelation();
        return new TargetState(
            rows(connection, "SELECT project, name, url, updates_interval FROM " + c + " c"),
            rows(connection, "SELECT c.project, c.name, f.data_type, extract(epoch FROM f.ts)::bigint, "
                + "f.rough_size, f.exact_size FROM " + layout.filesRelation() + " f JOIN " + c + " c "
                + "ON c.id = f.collector_id"),
            rows(connection, "SELECT collector_name, type, extract(epoch FROM ts)::bigint, rough_size, exact_size "
                + "FROM " + layout.latestRelation() + " l"),
            rows(connection, "SELECT extract(epoch FROM update_ts)::bigint, update_duration, insert_count FROM "
                + layout.metaRelation() + " m"));
    }

    /**
     * The state an upstream layout must hold: sizes as they are (0 stays 0), a placeholder collector's url '' (the
     * column is NOT NULL there) and a collector record without url likewise ''.
     */
    static TargetState expectedUpstream(List<CollectorRecord> collectorVersionsInOrder, Collection<FileRecord> files,
                                        Collection<MetaRecord> meta) {
        TargetState spec = expected(collectorVersionsInOrder, files, meta, false);
        List<String> collectors = spec.collectors.stream()
            .map(row -> row.replaceFirst("^([^|]*\\|[^|]*)\\|null\\|", "$1||")).sorted().toList();
        return new TargetState(collectors, spec.files, spec.latest, spec.meta);
    }

    /**
     * The state the spec asks for, computed in Java from the records alone: a collector is its last version (a null
     * interval meaning the project's default), a collector known only from files is a placeholder (url NULL, default
     * interval); files once each with 0-sizes as NULL when {@code zeroAsNull}; latest the newest file per (collector
     * name, type); meta once per distinct (update_ts, duration, count).
     */
    static TargetState expected(List<CollectorRecord> collectorVersionsInOrder, Collection<FileRecord> files,
                                Collection<MetaRecord> meta, boolean zeroAsNull) {
        Map<String, String> collectors = new TreeMap<>();
        for (FileRecord file : files) {
            collectors.put(file.project().canonicalName() + "|" + file.collector(), file.project().canonicalName() + "|"
                + file.collector() + "|null|" + file.project().defaultUpdatesInterval());
        }
        for (CollectorRecord c : collectorVersionsInOrder) {
            int interval = c.updatesInterval() != null ? c.updatesInterval() : c.project().defaultUpdatesInterval();
            collectors.put(c.project().canonicalName() + "|" + c.name(),
                c.project().canonicalName() + "|" + c.name() + "|" + c.url() + "|" + interval);
        }
        Map<String, FileRecord> distinctFiles = new LinkedHashMap<>();
        Map<String, FileRecord> newest = new HashMap<>();
        for (FileRecord f : files) {
            distinctFiles.putIfAbsent(fileKey(f), f);
            String latestKey = f.collector() + "|" + f.dataType().canonicalName();
            FileRecord current = newest.get(latestKey);
            if (current == null || f.timestamp().isAfter(current.timestamp())) {
                newest.put(latestKey, f);
            } else if (f.timestamp().equals(current.timestamp()) && !sizes(f, zeroAsNull).equals(sizes(current, zeroAsNull))) {
                throw new IllegalStateException("Test data error: latest is ambiguous for " + latestKey + " at "
                    + f.timestamp() + " (same collector name in two projects?)");
            }
        }
        List<String> fileRows = new ArrayList<>();
        for (FileRecord f : distinctFiles.values()) {
            fileRows.add(f.project().canonicalName() + "|" + f.collector() + "|" + f.dataType().canonicalName() + "|"
                + f.timestamp().getEpochSecond() + "|" + sizes(f, zeroAsNull));
        }
        List<String> latestRows = new ArrayList<>();
        for (Map.Entry<String, FileRecord> e : newest.entrySet()) {
            latestRows.add(e.getKey() + "|" + e.getValue().timestamp().getEpochSecond() + "|"
                + sizes(e.getValue(), zeroAsNull));
        }
        List<String> metaRows = meta.stream()
            .map(m -> m.updateTs().getEpochSecond() + "|" + m.updateDurationSeconds() + "|" + m.insertCount())
            .distinct().toList();
        return new TargetState(sorted(new ArrayList<>(collectors.values())), sorted(fileRows), sorted(latestRows),
            sorted(metaRows));
    }

    static String fileKey(FileRecord f) {
        return f.project().canonicalName() + "|" + f.collector() + "|" + f.dataType().canonicalName() + "|"
            + f.timestamp().getEpochSecond();
    }

    static String sizes(FileRecord f, boolean zeroAsNull) {
        return size(f.roughSize(), zeroAsNull) + "|" + size(f.exactSize(), zeroAsNull);
    }

    private static String size(long size, boolean zeroAsNull) {
        return size == 0 && zeroAsNull ? "null" : Long.toString(size);
    }

    /** Fails with the rows missing from and unexpected in {@code actual}, table by table (at most 10 of each). */
    static void assertSame(String what, TargetState expected, TargetState actual) {
        StringBuilder problems = new StringBuilder();
        diff("collectors", expected.collectors, actual.collectors, problems);
        diff("files", expected.files, actual.files, problems);
        diff("latest", expected.latest, actual.latest, problems);
        diff("meta", expected.meta, actual.meta, problems);
        if (problems.length() > 0) {
            fail(what + " differ:" + problems);
        }
    }

    private static void diff(String table, List<String> expected, List<String> actual, StringBuilder out) {
        if (expected.equals(actual)) {
            return;
        }
        List<String> missing = multisetMinus(expected, actual);
        List<String> extra = multisetMinus(actual, expected);
        out.append("\n  ").append(table).append(": expected ").append(expected.size()).append(" rows, found ")
            .append(actual.size());
        if (!missing.isEmpty()) {
            out.append("\n    missing ").append(missing.size()).append(": ")
                .append(missing.subList(0, Math.min(10, missing.size())));
        }
        if (!extra.isEmpty()) {
            out.append("\n    unexpected ").append(extra.size()).append(": ")
                .append(extra.subList(0, Math.min(10, extra.size())));
        }
    }

    private static List<String> multisetMinus(List<String> a, List<String> b) {
        Map<String, Integer> counts = new HashMap<>();
        b.forEach(row -> counts.merge(row, 1, Integer::sum));
        List<String> rest = new ArrayList<>();
        for (String row : a) {
            Integer n = counts.get(row);
            if (n == null || n == 0) {
                rest.add(row);
            } else {
                counts.put(row, n - 1);
            }
        }
        return rest;
    }

    private static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    if (i > 1) {
                        row.append('|');
                    }
                    row.append(rs.getString(i)); // NULL prints as "null"
                }
                rows.add(row.toString());
            }
        }
        return sorted(rows);
    }

    private static List<String> sorted(List<String> rows) {
        List<String> copy = new ArrayList<>(rows);
        copy.sort(null);
        return List.copyOf(copy);
    }
}
