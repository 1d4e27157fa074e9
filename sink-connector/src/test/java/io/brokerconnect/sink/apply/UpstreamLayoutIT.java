package io.brokerconnect.sink.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.common.model.RecordSchemas;
import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.it.SinkProps;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.layout.TargetLayouts;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The upstream layouts (broker, mrt) written by the real sink task: the catalog created object for object or adopted
 * as upstream's schema.sql left it, upstream's conversions (0 stays 0, ids looked up, placeholders converge), values
 * upstream's CHECKs refuse in the dead-letter queue, and the sink's bookkeeping outside the broker's schema.
 */
class UpstreamLayoutIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final long T0 = 1_717_200_000L;

    @ParameterizedTest
    @EnumSource(value = LayoutName.class, names = {"BROKER", "MRT"})
    void freshDatabaseGetsUpstreamCatalogAndBookkeepingApart(LayoutName name, PostgresDatabase db) throws Exception {
        try (SinkTaskHarness sink = sink(db, name); Connection c = db.connect()) {
            Names n = Names.of(name);
            for (String relation : List.of(n.table("project"), n.table("collector"), n.table("file"),
                n.table("latest_file"), n.table("update_meta"), n.searchView, n.latestView)) {
                assertTrue(exists(c, relation), relation + " created");
            }
            assertEquals(List.of("ripe-ris", "route-views"), column(c, "SELECT name FROM " + n.table("project")
                + " ORDER BY name"));
            assertEquals(List.of("applied_blocks", "applied_generation", "first_load", "schema_history_"
                + name.configValue()), column(c, "SELECT tablename FROM pg_tables WHERE schemaname = 'broker_connect' "
                + "ORDER BY 1"));
            assertEquals(List.of("collector", "file", "latest_file", "project", "update_meta"), column(c,
                "SELECT tablename FROM pg_tables WHERE schemaname = '" + n.schema + "' ORDER BY 1"),
                "nothing of the sink's in the broker's schema");
            // An empty file table is a first load: the query indexes are deferred, the primary key stays.
            assertEquals(List.of("file_pkey"), column(c, "SELECT indexname FROM pg_indexes WHERE schemaname = '"
                + n.schema + "' AND tablename = 'file'"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = LayoutName.class, names = {"BROKER", "MRT"})
    void recordsLandWithUpstreamConversionsAndReplaysChangeNothing(LayoutName name, PostgresDatabase db)
            throws Exception {
        List<FileRecord> files = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) { // above FileWriter's array limit: the COPY path and the array path
            files.add(new FileRecord(i % 2 == 0 ? Project.RIPE_RIS : Project.ROUTE_VIEWS, i % 2 == 0 ? "rrc0" + (i % 6)
                : "route-views" + (i % 6), i % 3 == 0 ? DataType.RIB : DataType.UPDATES,
                Instant.ofEpochSecond(T0 + 300L * i), i % 5 == 0 ? 0 : 1000 + i, i % 7 == 0 ? 0 : 2000 + i));
        }
        List<CollectorRecord> collectors = List.of(
            new CollectorRecord(Project.RIPE_RIS, "rrc00", "https://data.ris.ripe.net/rrc00", 300),
            new CollectorRecord(Project.ROUTE_VIEWS, "route-views1", null, 900));
        List<MetaRecord> meta = List.of(new MetaRecord(Instant.ofEpochSecond(T0), 61, 1200),
            new MetaRecord(Instant.ofEpochSecond(T0 + 300), 58, 900));
        List<SinkRecord> records = new ArrayList<>();
        long offset = 0;
        for (FileRecord file : files) { // files first: their collectors arrive later, as placeholders until then
            records.add(BrokerSinkRecords.file(0, offset++, file));
        }
        for (CollectorRecord collector : collectors) {
            records.add(BrokerSinkRecords.collector(0, offset++, collector));
        }
        for (MetaRecord round : meta) {
            records.add(BrokerSinkRecords.meta(0, offset++, round));
        }
        TargetLayout layout = layout(name);
        TargetState expected = TargetState.expectedUpstream(collectors, files, meta);
        try (SinkTaskHarness sink = sink(db, name); Connection c = db.connect()) {
            sink.put(records.subList(0, 1_500));
            sink.put(records.subList(1_500, records.size()));
            TargetState.assertSame("first pass", expected, TargetState.read(c, layout));
            sink.put(records); // a replay
            sink.put(records.subList(2_000, 2_100));
            TargetState.assertSame("after replays", expected, TargetState.read(c, layout));
            Names n = Names.of(name);
            assertEquals(List.of("3000"), column(c, "SELECT count(*) FROM " + n.searchView));
            assertEquals(String.valueOf(expected.latest().size()), column(c, "SELECT count(*) FROM " + n.latestView)
                .get(0));
            assertEquals(List.of("0"), column(c, "SELECT count(*) FROM " + n.table("file")
                + " WHERE rough_size IS NULL OR exact_size IS NULL"), "0 stays 0");
        }
    }

    @ParameterizedTest
    @EnumSource(value = LayoutName.class, names = {"BROKER", "MRT"})
    void valuesUpstreamRefusesGoToTheDeadLetterQueue(LayoutName name, PostgresDatabase db) throws Exception {
        CollectorRecord zeroInterval = new CollectorRecord(Project.RIPE_RIS, "rrc99", "https://x", 0);
        Struct negative = new FileRecord(Project.RIPE_RIS, "rrc00", DataType.RIB, Instant.ofEpochSecond(T0), 1, 1)
            .toValueStruct().put("rough_size", -5L);
        FileRecord good = new FileRecord(Project.RIPE_RIS, "rrc00", DataType.RIB, Instant.ofEpochSecond(T0 + 300), 0, 7);
        Map<String, String> props = props(db, name);
        props.put("errors.tolerance", "all");
        try (SinkTaskHarness sink = new SinkTaskHarness(props, Set.of()); Connection c = db.connect()) {
            sink.put(List.of(BrokerSinkRecords.collector(0, 0, zeroInterval),
                new SinkRecord(BrokerSinkRecords.FILES_TOPIC, 0, null, null, RecordSchemas.FILE_VALUE, negative, 1),
                BrokerSinkRecords.file(0, 2, good)));
            List<String> dlq = sink.context().deadLettered();
            assertEquals(2, dlq.size(), dlq.toString());
            assertTrue(dlq.get(0).contains("updates_interval_seconds > 0"), dlq.get(0));
            assertTrue(dlq.get(1).contains("negative"), dlq.get(1));
            assertEquals(List.of("ripe-ris|rrc00|rib|" + (T0 + 300) + "|0|7"), TargetState.read(c, layout(name)).files());
        }
    }

    /**
     * A catalog that upstream's own schema.sql and importer created, with query indexes, data and another product's
     * foreign key into the file table's primary key: adopted without recreating or rewriting anything.
     */
    @ParameterizedTest
    @EnumSource(value = LayoutName.class, names = {"BROKER", "MRT"})
    void adoptsUpstreamCatalogWithoutRewritingIt(LayoutName name, PostgresDatabase db) throws Exception {
        Names n = Names.of(name);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(resource("/upstream/" + name.configValue() + "-schema.sql"));
            s.execute("INSERT INTO " + n.table("project") + " (name) VALUES ('ripe-ris'), ('route-views')");
            s.execute("INSERT INTO " + n.table("collector") + " (project_id, name, base_uri, updates_interval_seconds) "
                + "SELECT project_id, 'rrc00', 'https://data.ris.ripe.net/rrc00', 300 FROM " + n.table("project")
                + " WHERE name = 'ripe-ris'");
            s.execute("INSERT INTO " + n.table("file") + " SELECT to_timestamp(" + T0 + "), collector_id, 'rib', 0, 0 "
                + "FROM " + n.table("collector"));
            s.execute("CREATE INDEX " + name.configValue() + "_file_type_ts_idx ON " + n.table("file")
                + " (data_type, ts_start)");
            s.execute("CREATE SCHEMA spectrum");
            s.execute("CREATE TABLE spectrum.processing (ts_start timestamptz, collector_id bigint, data_type text, "
                + "FOREIGN KEY (ts_start, collector_id, data_type) REFERENCES " + n.table("file") + ")");
            s.execute("INSERT INTO spectrum.processing SELECT ts_start, collector_id, data_type FROM " + n.table("file"));
        }
        List<String> before = catalogFingerprint(db, n);
        FileRecord newer = new FileRecord(Project.RIPE_RIS, "rrc00", DataType.RIB, Instant.ofEpochSecond(T0 + 300), 5, 6);
        try (SinkTaskHarness sink = sink(db, name); Connection c = db.connect()) {
            sink.put(List.of(BrokerSinkRecords.file(0, 0, newer)));
            assertEquals(before, catalogFingerprint(db, n), "tables, primary key, views and indexes kept as they were");
            assertEquals(List.of("ripe-ris|rrc00|rib|" + T0 + "|0|0", "ripe-ris|rrc00|rib|" + (T0 + 300) + "|5|6"),
                TargetState.read(c, layout(name)).files());
            assertEquals(List.of("1"), column(c, "SELECT count(*) FROM spectrum.processing"));
            assertFalse(column(c, "SELECT indexname FROM pg_indexes WHERE indexname = '" + name.configValue()
                + "_file_collector_type_ts_idx'").isEmpty(), "the missing query index was added");
        }
    }

    /** The oids of the tables, the file primary key and the views, and the views' definitions. */
    private static List<String> catalogFingerprint(PostgresDatabase db, Names n) throws SQLException {
        try (Connection c = db.connect()) {
            List<String> rows = new ArrayList<>();
            for (String relation : List.of(n.table("project"), n.table("collector"), n.table("file"),
                n.table("latest_file"), n.table("update_meta"), n.schema + ".file_pkey", n.searchView, n.latestView)) {
                rows.add(relation + "=" + column(c, "SELECT '" + relation + "'::regclass::oid").get(0));
            }
            rows.add(column(c, "SELECT pg_get_viewdef('" + n.searchView + "'::regclass)").get(0));
            rows.add(column(c, "SELECT pg_get_viewdef('" + n.latestView + "'::regclass)").get(0));
            String index = n.schema + "." + n.schema + "_file_type_ts_idx"; // the index prefix is the schema's name
            rows.add(index + "=" + column(c, "SELECT '" + index + "'::regclass::oid").get(0));
            return rows;
        }
    }

    private record Names(String schema, String searchView, String latestView) {
        static Names of(LayoutName name) {
            return name == LayoutName.BROKER ? new Names("broker", "broker.file_search_view", "broker.file_latest_view")
                : new Names("mrt", "api.mrt_file_search", "api.mrt_file_latest");
        }

        String table(String table) {
            return schema + "." + table;
        }
    }

    static TargetLayout layout(LayoutName name) {
        return TargetLayouts.create(name, new Identifier("public"));
    }

    static Map<String, String> props(PostgresDatabase db, LayoutName name) {
        Map<String, String> props = SinkProps.forDatabase(db);
        props.put("target.layout", name.configValue());
        return props;
    }

    static SinkTaskHarness sink(PostgresDatabase db, LayoutName name) {
        return new SinkTaskHarness(props(db, name), Set.of(new TopicPartition(BrokerSinkRecords.FILES_TOPIC, 0)));
    }

    private static boolean exists(Connection c, String relation) throws SQLException {
        return !column(c, "SELECT 1 WHERE to_regclass('" + relation + "') IS NOT NULL").isEmpty();
    }

    static List<String> column(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = UpstreamLayoutIT.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
