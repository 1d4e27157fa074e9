package io.brokerconnect.tools.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A generated database has exactly the broker's schema and journal mode. */
class BrokerSchemaTest {

    private static Path db;

    @BeforeAll
    static void generate() throws Exception {
        db = TestDb.path("schema");
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(db).fileRows(500).damagedRows(20).build());
    }

    /** Columns as in bgpkit/bgpkit-broker src/db/mod.rs (name, declared type, pk flag). */
    @Test
    void tablesAndColumnsAreTheBrokers() throws Exception {
        try (Connection c = TestDb.open(db)) {
            assertEquals(List.of("collectors", "files", "latest", "meta", "types"),
                    TestDb.rows(c, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
            assertEquals(List.of("id\tINTEGER\t1", "name\tTEXT\t0", "url\tTEXT\t0", "project\tTEXT\t0",
                    "updates_interval\tINTEGER\t0"), columns(c, "collectors"));
            assertEquals(List.of("id\tINTEGER\t1", "name\tTEXT\t0"), columns(c, "types"));
            assertEquals(List.of("timestamp\tINTEGER\t0", "collector_id\tINTEGER\t0", "type_id\tINTEGER\t0",
                    "rough_size\tINTEGER\t0", "exact_size\tINTEGER\t0"), columns(c, "files"));
            assertEquals(List.of("timestamp\tINTEGER\t0", "collector_name\tTEXT\t0", "type\tTEXT\t0",
                    "rough_size\tINTEGER\t0", "exact_size\tINTEGER\t0"), columns(c, "latest"));
            assertEquals(List.of("update_ts\tINTEGER\t0", "update_duration\tINTEGER\t0", "insert_count\tINTEGER\t0"),
                    columns(c, "meta"));
        }
    }

    private static List<String> columns(Connection c, String table) throws Exception {
        return TestDb.rows(c, "SELECT name, type, pk FROM pragma_table_info('" + table + "') ORDER BY cid");
    }

    @Test
    void indexesAreTheBrokers() throws Exception {
        try (Connection c = TestDb.open(db)) {
            List<String> indexes = new ArrayList<>();
            for (String table : List.of("collectors", "types", "files", "latest", "meta")) {
                for (String index : TestDb.rows(c,
                        "SELECT name, \"unique\" FROM pragma_index_list('" + table + "') ORDER BY name")) {
                    String name = index.split("\t")[0];
                    List<String> cols = TestDb.rows(c, "SELECT name FROM pragma_index_info('" + name + "') ORDER BY seqno");
                    indexes.add(table + "." + index + "\t" + String.join(",", cols));
                }
            }
            assertEquals(List.of(
                    "files.idx_files_collector_timestamp_type\t0\tcollector_id,timestamp,type_id",
                    "files.idx_files_timestamp\t0\ttimestamp",
                    "files.sqlite_autoindex_files_1\t1\ttimestamp,collector_id,type_id",
                    "latest.sqlite_autoindex_latest_1\t1\tcollector_name,type",
                    "meta.idx_meta_update_ts\t0\tupdate_ts"), indexes);
        }
    }

    @Test
    void filesViewHasTheBrokersColumnsAndJoins() throws Exception {
        try (Connection c = TestDb.open(db)) {
            assertEquals(List.of("timestamp", "rough_size", "exact_size", "type", "collector_name", "collector_url",
                    "project_name", "updates_interval"), TestDb.rows(c, "SELECT name FROM pragma_table_info('files_view')"));
            // The view is an inner join, so damaged ids drop out of it (as in the broker).
            long joinable = TestDb.longValue(c, "SELECT count(*) FROM files f JOIN collectors c ON c.id = f.collector_id "
                    + "JOIN types t ON t.id = f.type_id");
            assertEquals(joinable, TestDb.longValue(c, "SELECT count(*) FROM files_view"));
        }
    }

    @Test
    void databaseIsInWalModeLikeTheBroker() throws Exception {
        try (Connection c = TestDb.open(db)) {
            assertEquals("wal", TestDb.string(c, "PRAGMA journal_mode"));
            assertEquals("ok", TestDb.string(c, "PRAGMA integrity_check"));
        }
    }

    @Test
    void schemaDdlIsIdempotentOnAGeneratedDatabase() throws Exception {
        try (Connection c = TestDb.open(db)) {
            List<String> before = TestDb.rows(c, "SELECT type, name, sql FROM sqlite_master ORDER BY name");
            BrokerSchema.createAll(c); // what the broker runs at every start
            assertEquals(before, TestDb.rows(c, "SELECT type, name, sql FROM sqlite_master ORDER BY name"));
        }
    }
}
