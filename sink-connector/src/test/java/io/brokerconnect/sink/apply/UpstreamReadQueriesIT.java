package io.brokerconnect.sink.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.it.SinkProps;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.layout.TargetLayouts;
import io.brokerconnect.sink.schema.FirstLoadIndexes;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The broker's own read queries, as upstream's {@code src/db/postgres.rs} builds them (bgpkit-broker {@code f80b9a4}
 * for the broker layout, {@code v0.12.1} for mrt: the same SQL on other names), on a catalog the real sink task loaded
 * from empty: once the first load has rebuilt its deferred indexes and the tables are analyzed, every filtered search
 * and the health and meta reads are answered through the layout's query indexes (no sequential scan of the file
 * table), and the answers are those computed in Java from the loaded records.
 */
class UpstreamReadQueriesIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Plan nodes that read a table through an index (a Bitmap Heap Scan's bitmap comes from index scans). */
    private static final Set<String> INDEX_READS = Set.of("Index Scan", "Index Only Scan", "Bitmap Heap Scan");
    /** Upstream's {@code UPDATES_LOOKBACK_RIPE_RIS_SECS} and {@code UPDATES_LOOKBACK_ROUTE_VIEWS_SECS} (src/db/mod.rs). */
    private static final long LOOKBACK_RIS = 5 * 60;
    private static final long LOOKBACK_RV = 15 * 60;
    private static final Instant END = Instant.parse("2025-06-01T00:00:00Z");
    private static final int DAYS = 120;
    private static final int COLLECTORS_PER_PROJECT = 10;

    /** Names upstream's Rust code uses for one layout. */
    private record Names(String searchView, String latestView, String file, String meta, String indexPrefix) {
        static Names of(LayoutName name) {
            return name == LayoutName.BROKER
                ? new Names("broker.file_search_view", "broker.file_latest_view", "broker.file", "broker.update_meta",
                    "broker")
                : new Names("api.mrt_file_search", "api.mrt_file_latest", "mrt.file", "mrt.update_meta", "mrt");
        }
    }

    /** One /search request's parameters, as {@code PostgresDb::search} receives them after normalisation. */
    private record Search(String label, List<String> collectors, String project, String type, Instant start,
                          Instant end, int page, int pageSize, Set<String> expectedIndexes) {
    }

    @ParameterizedTest
    @EnumSource(value = LayoutName.class, names = {"BROKER", "MRT"})
    void readQueriesUseTheQueryIndexesAndAnswerRight(LayoutName name, PostgresDatabase db) throws Exception {
        Names n = Names.of(name);
        List<CollectorRecord> collectors = collectors();
        List<FileRecord> files = files(collectors);
        List<MetaRecord> meta = meta();
        load(db, name, collectors, files, meta);

        try (Connection c = db.connect()) {
            assertEquals(List.of(n.indexPrefix + "_file_collector_type_ts_idx", n.indexPrefix + "_file_type_ts_idx"),
                column(c, "SELECT indexname FROM pg_indexes WHERE schemaname = '" + n.indexPrefix + "' AND tablename "
                    + "= 'file' AND indexname <> 'file_pkey' ORDER BY 1"), "the first load rebuilt its query indexes");
            assertEquals(List.of(n.indexPrefix + "_update_meta_ts_idx"), column(c, "SELECT indexname FROM pg_indexes "
                + "WHERE schemaname = '" + n.indexPrefix + "' AND tablename = 'update_meta'"), "the meta query index");
            try (Statement s = c.createStatement()) {
                // A sample of every row (300 x the target > 64,800): the statistics, and so the plans asserted below,
                // are the same in every run. With the default target ANALYZE samples 30,000 rows at random, and one
                // CI run planned the project search through the other query index.
                s.execute("SET default_statistics_target = 1000");
                s.execute("ANALYZE");
            }
            String collectorType = n.indexPrefix + "_file_collector_type_ts_idx";
            String typeTs = n.indexPrefix + "_file_type_ts_idx";
            Set<String> either = Set.of(collectorType, typeTs);
            Instant t = END.minus(Duration.ofDays(30));
            List<Search> searches = List.of(
                new Search("two collectors, updates, one week", List.of("rrc00", "route-views3"), null, "updates", t,
                    t.plus(Duration.ofDays(7)), 2, 100, either),
                new Search("one collector, project, rib, ten days", List.of("rrc01"), "ripe-ris", "rib", t,
                    t.plus(Duration.ofDays(10)), 1, 100, either),
                new Search("project and rib, one week, no collectors", List.of(), "route-views", "rib", t,
                    t.plus(Duration.ofDays(7)), 3, 10, Set.of(typeTs)),
                // Without a type the page's ORDER BY timestamp LIMIT may walk the primary key (ts_start first) in
                // order, bounded by ts_start < end, instead of sorting: an index read too.
                new Search("two collectors, both types, two days", List.of("rrc05", "route-views7"), null, null, t,
                    t.plus(Duration.ofDays(2)), 1, 100, Set.of(collectorType, typeTs, "file_pkey")),
                new Search("one collector, updates, ts_start = ts_end", List.of("rrc02"), null, "updates", t, t, 1,
                    100, either));
            for (Search search : searches) {
                String where = where(search);
                List<Object> binds = binds(search);
                String count = "SELECT count(*) FROM " + n.searchView + where;
                String page = "SELECT collector_name, timestamp, type, rough_size, exact_size FROM " + n.searchView
                    + where + " ORDER BY timestamp ASC, type ASC, collector_name ASC LIMIT ? OFFSET ?";
                List<Object> pageBinds = new ArrayList<>(binds);
                pageBinds.add((long) search.pageSize);
                pageBinds.add((long) (search.page - 1) * search.pageSize);

                List<FileRecord> matching = files.stream().filter(matches(search))
                    .sorted(Comparator.comparing(FileRecord::timestamp)
                        .thenComparing(f -> f.dataType().canonicalName()).thenComparing(FileRecord::collector))
                    .toList();
                assertTrue(matching.size() > search.pageSize * (search.page - 1), search.label + ": the page is not empty");
                assertEquals(List.of(String.valueOf(matching.size())), query(c, count, binds), search.label + ": count");
                List<String> expectedPage = matching.stream().skip((long) (search.page - 1) * search.pageSize)
                    .limit(search.pageSize).map(UpstreamReadQueriesIT::itemRow).toList();
                assertEquals(expectedPage, query(c, page, pageBinds), search.label + ": page " + search.page);

                assertFileReadThrough(c, count, binds, search.expectedIndexes, search.label + " (count)");
                assertFileReadThrough(c, page, pageBinds, search.expectedIndexes, search.label + " (page)");
            }

            // health: max(ts_start), an index (the primary key starts with ts_start) read backwards for one row
            String health = "SELECT extract(epoch FROM max(ts_start))::bigint FROM " + n.file;
            Instant newest = files.stream().map(FileRecord::timestamp).max(Comparator.naturalOrder()).orElseThrow();
            assertEquals(List.of(String.valueOf(newest.getEpochSecond())), query(c, health, List.of()));
            assertFileReadThrough(c, "SELECT max(ts_start) FROM " + n.file, List.of(), null, "health max(ts_start)");

            // meta: the newest update_meta row through its descending index
            String newestMeta = "SELECT extract(epoch FROM update_ts)::bigint AS update_ts, "
                + "update_duration_seconds AS update_duration, insert_count FROM " + n.meta
                + " ORDER BY update_ts DESC LIMIT 1";
            MetaRecord last = meta.stream().max(Comparator.comparing(MetaRecord::updateTs)).orElseThrow();
            assertEquals(List.of(last.updateTs().getEpochSecond() + "|" + last.updateDurationSeconds() + "|"
                + last.insertCount()), query(c, newestMeta, List.of()));
            // Upstream's statement cannot use the meta index: its ORDER BY update_ts names the output column
            // "extract(epoch FROM update_ts)::bigint AS update_ts" (SQL resolves an ORDER BY name against the select
            // list first), not the table's column, so PostgreSQL sorts the whole table for the top row. Pinned here
            // so that a change (upstream's or PostgreSQL's) shows; the same statement ordering by the table's column
            // is what the index serves.
            List<PlanNode> metaPlan = plan(c, newestMeta, List.of());
            assertTrue(metaPlan.stream().anyMatch(p -> p.type.equals("Sort")) && metaPlan.stream().noneMatch(
                p -> p.index != null), "upstream's newest-meta statement sorts (ORDER BY names the alias): " + metaPlan);
            String byColumn = newestMeta.replace("ORDER BY update_ts DESC", "ORDER BY " + n.meta + ".update_ts DESC");
            assertEquals(query(c, newestMeta, List.of()), query(c, byColumn, List.of()));
            List<PlanNode> byColumnPlan = plan(c, byColumn, List.of());
            assertTrue(byColumnPlan.stream().anyMatch(p -> (n.indexPrefix + "_update_meta_ts_idx").equals(p.index)),
                "newest meta by the column through " + n.indexPrefix + "_update_meta_ts_idx: " + byColumnPlan);
            assertFalse(byColumnPlan.stream().anyMatch(p -> p.type.equals("Seq Scan")), "no Seq Scan: " + byColumnPlan);

            // latest: the whole view, the newest file per (collector, type)
            Map<String, FileRecord> latest = new TreeMap<>();
            for (FileRecord f : files) {
                latest.merge(f.collector() + "|" + f.dataType().canonicalName(), f,
                    (a, b) -> a.timestamp().isAfter(b.timestamp()) ? a : b);
            }
            List<String> expectedLatest = latest.values().stream().map(UpstreamReadQueriesIT::itemRow).sorted().toList();
            List<String> actualLatest = new ArrayList<>(query(c, "SELECT collector_name, timestamp, type, rough_size, "
                + "exact_size FROM " + n.latestView, List.of()));
            actualLatest.sort(null);
            assertEquals(2 * 2 * COLLECTORS_PER_PROJECT, expectedLatest.size());
            assertEquals(expectedLatest, actualLatest, "latest view");
            List<PlanNode> latestPlan = plan(c, "SELECT collector_name, timestamp, type, rough_size, exact_size FROM "
                + n.latestView, List.of());
            assertFalse(latestPlan.stream().anyMatch(p -> n.file.equals(p.relation())), "latest never reads the file "
                + "table: " + latestPlan);
        }
    }

    /** Loads the records with the real sink task from an empty catalog and finishes the first load's rebuild. */
    private static void load(PostgresDatabase db, LayoutName name, List<CollectorRecord> collectors,
                             List<FileRecord> files, List<MetaRecord> meta) throws SQLException {
        Map<String, String> props = SinkProps.forDatabase(db);
        props.put("target.layout", name.configValue());
        List<SinkRecord> records = new ArrayList<>();
        long offset = 0;
        for (CollectorRecord collector : collectors) {
            records.add(BrokerSinkRecords.collector(0, offset++, collector));
        }
        for (FileRecord file : files) {
            records.add(BrokerSinkRecords.file(0, offset++, file));
        }
        for (MetaRecord round : meta) {
            records.add(BrokerSinkRecords.meta(0, offset++, round));
        }
        TargetLayout layout = TargetLayouts.create(name, new Identifier("public"));
        try (SinkTaskHarness sink = new SinkTaskHarness(props,
            Set.of(new TopicPartition(BrokerSinkRecords.FILES_TOPIC, 0)))) {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                // The sink created the tables. Autovacuum would mark the table's pages all-visible at a moment of its
                // own choosing, and that makes index-only scans cheap enough to change the plans asserted here
                // (one CI run planned a project search through the other query index after it had run).
                s.execute("ALTER TABLE " + layout.filesTable() + " SET (autovacuum_enabled = false)");
            }
            for (int from = 0; from < records.size(); from += 10_000) {
                sink.put(records.subList(from, Math.min(records.size(), from + 10_000)));
            }
        }
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            assertTrue(new FirstLoadIndexes(layout).rebuildIfDeferred(c), "first-load rebuild done");
            c.setAutoCommit(true);
            assertEquals(List.of("0"), column(c, "SELECT count(*) FROM " + layout.firstLoadStateTable()),
                "nothing owed by the first load");
        }
    }

    /** 10 RIS and 10 RouteViews collectors as the source connector emits them. */
    private static List<CollectorRecord> collectors() {
        List<CollectorRecord> collectors = new ArrayList<>();
        for (int i = 0; i < COLLECTORS_PER_PROJECT; i++) {
            String ris = String.format("rrc%02d", i);
            collectors.add(new CollectorRecord(Project.RIPE_RIS, ris, "https://data.ris.ripe.net/" + ris, 300));
            String rv = "route-views" + (i + 2);
            collectors.add(new CollectorRecord(Project.ROUTE_VIEWS, rv, "http://archive.routeviews.org/" + rv
                + "/bgpdata", 900));
        }
        return collectors;
    }

    /**
     * {@value #DAYS} days of files per collector, updates hourly (RouteViews at :15) and RIBs every 8 hours (RouteViews
     * at :00 of every 8th hour, RIS at :00 too), sizes deterministic with some zeros: 64,800 files.
     */
    private static List<FileRecord> files(List<CollectorRecord> collectors) {
        List<FileRecord> files = new ArrayList<>();
        Instant first = END.minus(Duration.ofDays(DAYS));
        for (int ci = 0; ci < collectors.size(); ci++) {
            CollectorRecord collector = collectors.get(ci);
            long updateShift = collector.project() == Project.RIPE_RIS ? 0 : 15 * 60;
            for (int hour = 0; hour < DAYS * 24; hour++) {
                Instant ts = first.plusSeconds(3600L * hour);
                long seed = (long) ci * 1_000_003 + hour;
                files.add(new FileRecord(collector.project(), collector.name(), DataType.UPDATES,
                    ts.plusSeconds(updateShift), seed % 11 == 0 ? 0 : 1_000 + seed % 977, seed % 13 == 0 ? 0
                        : 5_000 + seed % 1_009));
                if (hour % 8 == 0) {
                    files.add(new FileRecord(collector.project(), collector.name(), DataType.RIB, ts,
                        seed % 17 == 0 ? 0 : 100_000 + seed, 200_000 + seed));
                }
            }
        }
        return files;
    }

    /** One meta row per hour over the same period. */
    private static List<MetaRecord> meta() {
        List<MetaRecord> meta = new ArrayList<>();
        Instant first = END.minus(Duration.ofDays(DAYS));
        for (int hour = 0; hour < DAYS * 24; hour++) {
            meta.add(new MetaRecord(first.plusSeconds(3600L * hour + 70), 30 + hour % 40, 20 + hour % 7));
        }
        return meta;
    }

    /** {@code apply_search_filters} of upstream's postgres.rs, with positional parameters in the same order. */
    private static String where(Search s) {
        List<String> conditions = new ArrayList<>();
        if (!s.collectors.isEmpty()) {
            conditions.add("collector_name IN (" + String.join(", ", s.collectors.stream().map(x -> "?").toList())
                + ")");
        }
        if (s.project != null) {
            conditions.add("project_name = ?");
        }
        if (s.type != null) {
            conditions.add("type = ?");
        }
        if (s.start != null) {
            conditions.add("((project_name = 'ripe-ris' AND type = 'updates' AND timestamp > ?) OR (project_name = "
                + "'route-views' AND type = 'updates' AND timestamp > ?) OR (type = 'rib' AND timestamp >= ?))");
        }
        if (end(s) != null) {
            conditions.add("timestamp < ?");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static List<Object> binds(Search s) {
        List<Object> binds = new ArrayList<>(s.collectors);
        if (s.project != null) {
            binds.add(s.project);
        }
        if (s.type != null) {
            binds.add(s.type);
        }
        if (s.start != null) {
            binds.add(utc(s.start.minusSeconds(LOOKBACK_RIS)));
            binds.add(utc(s.start.minusSeconds(LOOKBACK_RV)));
            binds.add(utc(s.start));
        }
        if (end(s) != null) {
            binds.add(utc(end(s)));
        }
        return binds;
    }

    /** {@code normalize_search_end}: equal start and end include that second. */
    private static Instant end(Search s) {
        return s.start != null && s.start.equals(s.end) ? s.end.plusSeconds(1) : s.end;
    }

    /** The same filter in Java. */
    private static Predicate<FileRecord> matches(Search s) {
        Instant end = end(s);
        return f -> {
            String type = f.dataType().canonicalName();
            Project project = f.project();
            if (!s.collectors.isEmpty() && !s.collectors.contains(f.collector())
                || s.project != null && !s.project.equals(project.canonicalName())
                || s.type != null && !s.type.equals(type)) {
                return false;
            }
            if (s.start != null) {
                Instant ts = f.timestamp();
                boolean after = project == Project.RIPE_RIS && type.equals("updates")
                    && ts.isAfter(s.start.minusSeconds(LOOKBACK_RIS))
                    || project == Project.ROUTE_VIEWS && type.equals("updates")
                    && ts.isAfter(s.start.minusSeconds(LOOKBACK_RV))
                    || type.equals("rib") && !ts.isBefore(s.start);
                if (!after) {
                    return false;
                }
            }
            return end == null || f.timestamp().isBefore(end);
        };
    }

    private static String itemRow(FileRecord f) {
        return f.collector() + "|" + f.timestamp().getEpochSecond() + "|" + f.dataType().canonicalName() + "|"
            + f.roughSize() + "|" + f.exactSize();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** One node of a plan: its type, the relation it scans (schema-qualified) and the index it uses, if any. */
    private record PlanNode(String type, String relation, String index) {
        @Override
        public String toString() {
            return type + (relation == null ? "" : " on " + relation) + (index == null ? "" : " using " + index);
        }
    }

    /**
     * Asserts that the statement reads the file table only through indexes: no Seq Scan of it, at least one index
     * scan of it, and (when given) through one of the expected indexes.
     */
    private static void assertFileReadThrough(Connection c, String sql, List<Object> binds, Set<String> expected,
                                              String label) throws Exception {
        List<PlanNode> nodes = plan(c, sql, binds);
        if (Boolean.getBoolean("readQueries.printPlans")) {
            System.out.println("PLAN " + label + ": " + nodes);
        }
        String file = relationOf(sql);
        List<PlanNode> onFile = nodes.stream().filter(p -> file.equals(p.relation)).toList();
        assertFalse(onFile.isEmpty(), label + ": reads " + file + ": " + nodes);
        assertFalse(onFile.stream().anyMatch(p -> p.type.equals("Seq Scan")), label + ": no Seq Scan on " + file
            + ": " + nodes);
        assertTrue(onFile.stream().allMatch(p -> INDEX_READS.contains(p.type)), label + ": " + file
            + " through indexes: " + nodes);
        if (expected != null) { // a Bitmap Heap Scan names no index: its Bitmap Index Scans below it do
            assertTrue(nodes.stream().anyMatch(p -> p.index != null && expected.contains(p.index)), label + ": " + file + " through "
                + expected + ": " + nodes);
        }
    }

    /** The file table the statement reads (the layout's), from the statement's names. */
    private static String relationOf(String sql) {
        return sql.contains("api.mrt_") || sql.contains("mrt.") ? "mrt.file" : "broker.file";
    }

    /** EXPLAIN (VERBOSE, FORMAT JSON) (VERBOSE names each relation's schema), parameters bound, flattened. */
    private static List<PlanNode> plan(Connection c, String sql, List<Object> binds) throws Exception {
        List<String> json = query(c, "EXPLAIN (VERBOSE, FORMAT JSON) " + sql, binds);
        List<PlanNode> nodes = new ArrayList<>();
        collect(JSON.readTree(json.get(0)).get(0).get("Plan"), nodes);
        return nodes;
    }

    private static void collect(JsonNode node, List<PlanNode> nodes) {
        String relation = node.hasNonNull("Relation Name")
            ? Optional.ofNullable(node.get("Schema")).map(JsonNode::asText).orElse("?") + "."
                + node.get("Relation Name").asText() : null;
        nodes.add(new PlanNode(node.get("Node Type").asText(), relation,
            node.hasNonNull("Index Name") ? node.get("Index Name").asText() : null));
        if (node.has("Plans")) {
            for (JsonNode child : node.get("Plans")) {
                collect(child, nodes);
            }
        }
    }

    /** Rows of a parameterised statement, columns joined by '|' (timestamps as epoch seconds). */
    private static List<String> query(Connection c, String sql, List<Object> binds) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.size(); i++) {
                s.setObject(i + 1, binds.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        Object value = rs.getObject(i);
                        values.add(value instanceof java.sql.Timestamp ts ? String.valueOf(ts.toInstant()
                            .getEpochSecond()) : String.valueOf(value));
                    }
                    rows.add(String.join("|", values));
                }
            }
        }
        return rows;
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        return query(c, sql, List.of());
    }
}
