package io.brokerconnect.tools.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Content of a generated, undamaged database: counts, cadence, sizes, insertion order, latest, meta. */
class BrokerDatabaseGeneratorTest {

    private static final long ROWS = 200_000;
    private static Path db;
    private static GenerationReport report;

    @BeforeAll
    static void generate() throws Exception {
        db = TestDb.path("generator-clean");
        report = BrokerDatabaseGenerator.generate(GeneratorOptions.builder(db).fileRows(ROWS).seed(7).build());
    }

    @Test
    void reportAndTablesAgreeOnRowCounts() throws Exception {
        try (Connection c = TestDb.open(db)) {
            assertEquals(ROWS, report.filesRows());
            assertEquals(ROWS, report.goodFileRows());
            assertEquals(ROWS, TestDb.longValue(c, "SELECT count(*) FROM files"));
            assertEquals(85, TestDb.longValue(c, "SELECT count(*) FROM collectors"));
            assertEquals(report.collectorsRows(), 85);
            assertEquals(2, TestDb.longValue(c, "SELECT count(*) FROM types"));
            assertEquals(report.latestRows(), TestDb.longValue(c, "SELECT count(*) FROM latest"));
            assertEquals(170, report.latestRows());
            assertEquals(report.metaRows(), TestDb.longValue(c, "SELECT count(*) FROM meta"));
            assertEquals(0, report.damagedFilesRows());
            assertEquals(List.of(), report.aliasCollectorNames());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 7, 170, 1_000, 54_321})
    void exactRowCountForAnySize(long rows) throws Exception {
        Path path = TestDb.path("generator-size-" + rows);
        GenerationReport r = BrokerDatabaseGenerator.generate(GeneratorOptions.builder(path).fileRows(rows).build());
        try (Connection c = TestDb.open(path)) {
            assertEquals(rows, TestDb.longValue(c, "SELECT count(*) FROM files"));
            assertEquals(rows, r.filesRows());
            assertEquals("wal", TestDb.string(c, "PRAGMA journal_mode"));
            if (rows > 0) {
                assertEquals(r.newestTimestamp(), TestDb.longValue(c, "SELECT max(timestamp) FROM files"));
                assertEquals(r.oldestTimestamp(), TestDb.longValue(c, "SELECT min(timestamp) FROM files"));
            }
        }
    }

    @Test
    void newestFileIsAtTheConfiguredEnd() {
        assertEquals(GeneratorOptions.DEFAULT_END.getEpochSecond(), report.newestTimestamp());
    }

    @Test
    void collectorsAreTheRealOnes() throws Exception {
        try (Connection c = TestDb.open(db)) {
            assertEquals(List.of("1\trrc00\thttps://data.ris.ripe.net/rrc00\tripe-ris\t300"),
                    TestDb.rows(c, "SELECT * FROM collectors WHERE name = 'rrc00'"));
            assertEquals(List.of("route-views2\thttps://archive.routeviews.org/route-views2/bgpdata\troute-views\t900"),
                    TestDb.rows(c, "SELECT name, url, project, updates_interval FROM collectors WHERE name = 'route-views2'"));
            assertEquals(List.of("ripe-ris\t300\t26", "route-views\t900\t59"), TestDb.rows(c,
                    "SELECT project, updates_interval, count(*) FROM collectors GROUP BY 1, 2 ORDER BY 1"));
            assertEquals(List.of("1\trib", "2\tupdates"), TestDb.rows(c, "SELECT id, name FROM types ORDER BY id"));
        }
    }

    @Test
    void everySeriesFollowsItsProjectsCadence() throws Exception {
        Map<String, Integer> expected = Map.of(
                "ripe-ris/updates", 300, "ripe-ris/rib", 8 * 3600,
                "route-views/updates", 900, "route-views/rib", 2 * 3600);
        Map<String, Long> previous = new HashMap<>();
        Map<String, Long> filesPerKind = new HashMap<>();
        try (Connection c = TestDb.open(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT c.project, t.name, f.collector_id, f.timestamp FROM files f "
                     + "JOIN collectors c ON c.id = f.collector_id JOIN types t ON t.id = f.type_id "
                     + "ORDER BY f.collector_id, f.type_id, f.timestamp")) {
            while (rs.next()) {
                String kind = rs.getString(1) + "/" + rs.getString(2);
                String series = rs.getLong(3) + "/" + rs.getString(2);
                long ts = rs.getLong(4);
                int period = expected.get(kind);
                assertEquals(0, ts % period, () -> kind + " file off its grid at " + ts);
                Long prev = previous.put(series, ts);
                if (prev != null) {
                    assertEquals(period, ts - prev, () -> "gap in " + series + " before " + ts);
                }
                filesPerKind.merge(kind, 1L, Long::sum);
            }
        }
        assertEquals(ROWS, filesPerKind.values().stream().mapToLong(Long::longValue).sum());
        // Per hour: 26 * 12 RIS updates vs 59 * 4 RouteViews updates.
        double ratio = (double) filesPerKind.get("ripe-ris/updates") / filesPerKind.get("route-views/updates");
        assertEquals(26.0 * 12 / (59 * 4), ratio, 0.02);
    }

    @Test
    void sizesAreRealisticWithSomeUnknown() throws Exception {
        try (Connection c = TestDb.open(db)) {
            double exactZero = TestDb.longValue(c, "SELECT count(*) FROM files WHERE exact_size = 0") / (double) ROWS;
            double roughZero = TestDb.longValue(c, "SELECT count(*) FROM files WHERE rough_size = 0") / (double) ROWS;
            assertTrue(exactZero > 0.02 && exactZero < 0.04, "exact_size = 0 share " + exactZero);
            assertTrue(roughZero > 0.005 && roughZero < 0.015, "rough_size = 0 share " + roughZero);
            assertEquals(0, TestDb.longValue(c, "SELECT count(*) FROM files WHERE rough_size < 0 OR exact_size < 0"));
            assertEquals(0, TestDb.longValue(c, "SELECT count(*) FROM files "
                    + "WHERE rough_size > 0 AND exact_size > 0 AND abs(rough_size - exact_size) > 0.06 * exact_size"));
            long updatesMedian = median(c, "updates");
            long ribMedian = median(c, "rib");
            assertTrue(updatesMedian > 300_000 && updatesMedian < 20_000_000, "updates median " + updatesMedian);
            assertTrue(ribMedian > 10_000_000 && ribMedian < 600_000_000, "rib median " + ribMedian);
        }
    }

    private static long median(Connection c, String type) throws Exception {
        String where = "FROM files f JOIN types t ON t.id = f.type_id WHERE t.name = '" + type + "' AND exact_size > 0";
        long n = TestDb.longValue(c, "SELECT count(*) " + where);
        return TestDb.longValue(c, "SELECT exact_size " + where + " ORDER BY exact_size LIMIT 1 OFFSET " + n / 2);
    }

    @Test
    void rowidOrderBackfillsOlderFiles() throws Exception {
        long runningMax = Long.MIN_VALUE;
        long olderThanSeen = 0;
        long olderByADay = 0;
        try (Connection c = TestDb.open(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT timestamp FROM files ORDER BY rowid")) {
            while (rs.next()) {
                long ts = rs.getLong(1);
                if (ts < runningMax) {
                    olderThanSeen++;
                }
                if (ts < runningMax - 86_400) {
                    olderByADay++;
                }
                runningMax = Math.max(runningMax, ts);
            }
        }
        assertTrue(olderThanSeen > ROWS / 20, "rows inserted after newer ones: " + olderThanSeen);
        assertTrue(olderByADay > 0, "no back-filled rows a day older than already inserted ones");
    }

    @Test
    void latestHoldsTheNewestFilePerCollectorAndType() throws Exception {
        try (Connection c = TestDb.open(db)) {
            List<String> expected = TestDb.rows(c, "SELECT c.name, t.name, max(f.timestamp), f.rough_size, f.exact_size "
                    + "FROM files f JOIN collectors c ON c.id = f.collector_id JOIN types t ON t.id = f.type_id "
                    + "GROUP BY c.name, t.name ORDER BY 1, 2");
            List<String> latest = TestDb.rows(c,
                    "SELECT collector_name, type, timestamp, rough_size, exact_size FROM latest ORDER BY 1, 2");
            assertEquals(expected, latest);
        }
    }

    @Test
    void metaHasOneIncreasingRowPerCrawlRound() throws Exception {
        List<Long> updateTs = new ArrayList<>();
        long inserted = 0;
        try (Connection c = TestDb.open(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT update_ts, update_duration, insert_count FROM meta ORDER BY rowid")) {
            while (rs.next()) {
                updateTs.add(rs.getLong(1));
                assertTrue(rs.getLong(2) >= 0 && rs.getLong(2) < 300);
                inserted += rs.getLong(3);
            }
        }
        assertTrue(updateTs.size() > 100, "meta rows: " + updateTs.size());
        for (int i = 1; i < updateTs.size(); i++) {
            assertTrue(updateTs.get(i) > updateTs.get(i - 1), "meta update_ts not increasing at row " + (i + 1));
        }
        // Live rounds and back-fill insert ~40% of the rows; the restored 60% have no meta rows.
        assertTrue(inserted > ROWS * 0.35 && inserted < ROWS * 0.45, "meta insert_count sum " + inserted);
    }
}
