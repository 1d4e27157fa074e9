package io.brokerconnect.tools.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Damaged rows: what the report says is what the database holds, and good rows stay intact. */
class DamagedRowsTest {

    private static final long ROWS = 30_000;
    private static final int DAMAGED = 333;
    private static Path db;
    private static GenerationReport report;

    /** How to find each kind in the database, independently of the generator's code. */
    private static final Map<DamageKind, String> QUERIES = new EnumMap<>(Map.ofEntries(
            Map.entry(DamageKind.FILES_TIMESTAMP_TEXT, "SELECT count(*) FROM files WHERE typeof(timestamp) = 'text'"),
            Map.entry(DamageKind.FILES_TIMESTAMP_NULL, "SELECT count(*) FROM files WHERE timestamp IS NULL"),
            Map.entry(DamageKind.FILES_TIMESTAMP_REAL, "SELECT count(*) FROM files WHERE typeof(timestamp) = 'real'"),
            Map.entry(DamageKind.FILES_COLLECTOR_ID_TEXT, "SELECT count(*) FROM files WHERE typeof(collector_id) = 'text'"),
            Map.entry(DamageKind.FILES_COLLECTOR_ID_NULL, "SELECT count(*) FROM files WHERE collector_id IS NULL"),
            Map.entry(DamageKind.FILES_COLLECTOR_ID_UNKNOWN, "SELECT count(*) FROM files WHERE typeof(collector_id) = "
                    + "'integer' AND collector_id NOT IN (SELECT id FROM collectors)"),
            Map.entry(DamageKind.FILES_COLLECTOR_NULL_NAME,
                    "SELECT count(*) FROM files WHERE collector_id IN (SELECT id FROM collectors WHERE name IS NULL)"),
            Map.entry(DamageKind.FILES_TYPE_ID_TEXT, "SELECT count(*) FROM files WHERE typeof(type_id) = 'text'"),
            Map.entry(DamageKind.FILES_TYPE_ID_NULL, "SELECT count(*) FROM files WHERE type_id IS NULL"),
            Map.entry(DamageKind.FILES_TYPE_ID_UNKNOWN, "SELECT count(*) FROM files WHERE typeof(type_id) = 'integer' "
                    + "AND type_id NOT IN (SELECT id FROM types)"),
            Map.entry(DamageKind.FILES_ROUGH_SIZE_TEXT, "SELECT count(*) FROM files WHERE typeof(rough_size) = 'text'"),
            Map.entry(DamageKind.FILES_ROUGH_SIZE_NULL, "SELECT count(*) FROM files WHERE rough_size IS NULL"),
            Map.entry(DamageKind.FILES_ROUGH_SIZE_NEGATIVE,
                    "SELECT count(*) FROM files WHERE typeof(rough_size) = 'integer' AND rough_size < 0"),
            Map.entry(DamageKind.FILES_EXACT_SIZE_TEXT, "SELECT count(*) FROM files WHERE typeof(exact_size) = 'text'"),
            Map.entry(DamageKind.FILES_EXACT_SIZE_NULL, "SELECT count(*) FROM files WHERE exact_size IS NULL"),
            Map.entry(DamageKind.FILES_EXACT_SIZE_NEGATIVE,
                    "SELECT count(*) FROM files WHERE typeof(exact_size) = 'integer' AND exact_size < 0"),
            Map.entry(DamageKind.COLLECTORS_NULL_NAME, "SELECT count(*) FROM collectors WHERE name IS NULL"),
            Map.entry(DamageKind.META_UPDATE_TS_TEXT, "SELECT count(*) FROM meta WHERE typeof(update_ts) = 'text'"),
            Map.entry(DamageKind.META_INSERT_COUNT_NULL, "SELECT count(*) FROM meta WHERE insert_count IS NULL")));

    /** A files row with no defect at all. */
    private static final String GOOD_FILES = "FROM files f JOIN collectors c ON c.id = f.collector_id "
            + "JOIN types t ON t.id = f.type_id WHERE c.name IS NOT NULL "
            + "AND typeof(f.timestamp) = 'integer' AND typeof(f.collector_id) = 'integer' AND typeof(f.type_id) = 'integer' "
            + "AND typeof(f.rough_size) = 'integer' AND typeof(f.exact_size) = 'integer' "
            + "AND f.rough_size >= 0 AND f.exact_size >= 0";

    @BeforeAll
    static void generate() throws Exception {
        db = TestDb.path("generator-damaged");
        report = BrokerDatabaseGenerator.generate(GeneratorOptions.builder(db)
                .fileRows(ROWS).damagedRows(DAMAGED).seed(8).typesReversed(true).build());
    }

    @Test
    void everyKindIsCountedExactlyAsInTheDatabase() throws Exception {
        try (Connection c = TestDb.open(db)) {
            for (DamageKind kind : DamageKind.values()) {
                assertEquals(report.damaged(kind), TestDb.longValue(c, QUERIES.get(kind)), kind.name());
                assertTrue(report.damaged(kind) > 0, kind + " missing");
            }
        }
    }

    @Test
    void damagedCountsAddUp() throws Exception {
        assertEquals(DAMAGED, report.damagedFilesRows());
        assertEquals(1, report.damagedRows("collectors"));
        assertEquals(2, report.damagedRows("meta"));
        assertEquals(ROWS + DAMAGED, report.filesRows());
        // 333 = 20 * 16 + 13: the first 13 kinds get 21 rows, the last 3 get 20.
        assertEquals(21, report.damaged(DamageKind.FILES_TIMESTAMP_TEXT));
        assertEquals(20, report.damaged(DamageKind.FILES_EXACT_SIZE_NULL));
        try (Connection c = TestDb.open(db)) {
            assertEquals(ROWS + DAMAGED, TestDb.longValue(c, "SELECT count(*) FROM files"));
            assertEquals(ROWS, TestDb.longValue(c, "SELECT count(*) " + GOOD_FILES));
            assertEquals(report.metaRows(), TestDb.longValue(c, "SELECT count(*) FROM meta"));
        }
    }

    @Test
    void damagedRowsAreSpreadOverTheRowidRange() throws Exception {
        try (Connection c = TestDb.open(db)) {
            String damagedRowids = "SELECT rowid FROM files EXCEPT SELECT f.rowid " + GOOD_FILES;
            long first = TestDb.longValue(c, "SELECT min(rowid) FROM (" + damagedRowids + ")");
            long last = TestDb.longValue(c, "SELECT max(rowid) FROM (" + damagedRowids + ")");
            assertTrue(first < (ROWS + DAMAGED) / 10, "first damaged rowid " + first);
            assertTrue(last > (ROWS + DAMAGED) * 9 / 10, "last damaged rowid " + last);
        }
    }

    @Test
    void aliasCollectorsAreNotDamageButSpelledDifferently() throws Exception {
        assertEquals(List.of("rrc24", "route-views.amsix"), report.aliasCollectorNames());
        try (Connection c = TestDb.open(db)) {
            assertEquals(List.of("route-views.amsix\trouteviews", "rrc24\triperis"),
                    TestDb.rows(c, "SELECT name, project FROM collectors WHERE project NOT IN ('ripe-ris', 'route-views') "
                            + "AND name IS NOT NULL ORDER BY name"));
            assertTrue(TestDb.longValue(c, "SELECT count(*) " + GOOD_FILES + " AND c.name = 'rrc24'") > 0);
            assertEquals(List.of(report.nullNameCollectorId() + "\thttps://data.ris.ripe.net/rrc17\tripe-ris\t300"),
                    TestDb.rows(c, "SELECT id, url, project, updates_interval FROM collectors WHERE name IS NULL"));
        }
    }

    @Test
    void typeIdsCanBeReversed() throws Exception {
        try (Connection c = TestDb.open(db)) {
            assertEquals(List.of("1\tupdates", "2\trib"), TestDb.rows(c, "SELECT id, name FROM types ORDER BY id"));
            // RIBs are the 2-hourly / 8-hourly files: every good type_id 2 row is on a 2-hour boundary.
            assertEquals(0, TestDb.longValue(c, "SELECT count(*) " + GOOD_FILES + " AND f.type_id = 2 AND f.timestamp % 7200 != 0"));
            assertTrue(TestDb.longValue(c, "SELECT count(*) " + GOOD_FILES + " AND f.type_id = 1 AND f.timestamp % 7200 != 0") > 0);
        }
    }

    @Test
    void damageDoesNotChangeWhatLatestShouldHold() throws Exception {
        try (Connection c = TestDb.open(db)) {
            assertEquals(TestDb.rows(c, "SELECT c.name, t.name, max(f.timestamp), f.rough_size, f.exact_size "
                            + GOOD_FILES + " GROUP BY c.name, t.name ORDER BY 1, 2"),
                    TestDb.rows(c, "SELECT collector_name, type, timestamp, rough_size, exact_size FROM latest ORDER BY 1, 2"));
            // Damaged rows with a usable timestamp sit off the 300 s grid, so they never collide with good rows.
            assertEquals(0, TestDb.longValue(c, "SELECT count(*) FROM files WHERE typeof(timestamp) = 'integer' "
                    + "AND timestamp % 300 != 0 AND rowid IN (SELECT f.rowid " + GOOD_FILES + ")"));
        }
    }
}
