package io.brokerconnect.tools.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;

class LiveBrokerWriterTest {

    private static Path generated(String name, long rows, int damaged) throws Exception {
        Path path = TestDb.path(name);
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(path).fileRows(rows).damagedRows(damaged).build());
        return path;
    }

    @Test
    void roundsAppendNewerFilesIgnoreDuplicatesAndKeepLatestAndMeta() throws Exception {
        Path db = generated("live-sync", 5_000, 0);
        long newestBefore;
        long metaBefore;
        try (Connection c = TestDb.open(db)) {
            newestBefore = TestDb.longValue(c, "SELECT max(timestamp) FROM files");
            metaBefore = TestDb.longValue(c, "SELECT count(*) FROM meta");
        }
        List<LiveBrokerWriter.RoundResult> results = new ArrayList<>();
        try (LiveBrokerWriter writer = LiveBrokerWriter.open(LiveWriterOptions.builder(db).build())) {
            for (int i = 0; i < 4; i++) {
                results.add(writer.runRound());
            }
            long inserted = results.stream().mapToLong(LiveBrokerWriter.RoundResult::inserted).sum();
            assertEquals(inserted, writer.insertedRows());
            assertEquals(4, writer.rounds());
            for (LiveBrokerWriter.RoundResult r : results) {
                assertTrue(r.inserted() > 0, "round " + r.round() + " inserted nothing");
                assertTrue(r.offered() > r.inserted(), "round " + r.round() + " offered no duplicates");
                assertEquals(0, r.brokerTime() % 300);
            }
            assertEquals(results.get(3).brokerTime(), results.get(0).brokerTime() + 900);
            try (Connection c = TestDb.open(db)) {
                assertEquals(5_000 + inserted, TestDb.longValue(c, "SELECT count(*) FROM files"));
                assertEquals(inserted, TestDb.longValue(c, "SELECT count(*) FROM files WHERE timestamp > " + newestBefore));
                assertEquals(metaBefore + 4, TestDb.longValue(c, "SELECT count(*) FROM meta"));
                assertEquals(results.stream().map(r -> String.valueOf(r.inserted())).toList(),
                        TestDb.rows(c, "SELECT insert_count FROM "
                                + "(SELECT rowid AS r, insert_count FROM meta ORDER BY rowid DESC LIMIT 4) ORDER BY r"));
                assertLatestIsMaxPerSeries(c);
                assertCadenceUnbroken(c);
            }
        }
    }

    @Test
    void backgroundWriterKeepsWritingWhileAnotherConnectionReads() throws Exception {
        Path db = generated("live-thread", 20_000, 0);
        long metaBefore;
        try (Connection c = TestDb.open(db)) {
            metaBefore = TestDb.longValue(c, "SELECT count(*) FROM meta");
        }
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicReference<Throwable> readerError = new AtomicReference<>();
        List<Long> seenCounts = new ArrayList<>();
        Thread reader = new Thread(() -> {
            SQLiteConfig readOnly = new SQLiteConfig();
            readOnly.setReadOnly(true);
            try (Connection c = readOnly.createConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
                int loops = 0;
                while (reading.get()) {
                    c.setAutoCommit(false); // one read transaction per loop; every 10th held for 300 ms
                    long count = TestDb.longValue(c, "SELECT count(*) FROM files");
                    TestDb.longValue(c, "SELECT count(*) FROM latest");
                    if (++loops % 10 == 0) {
                        Thread.sleep(300);
                    }
                    c.commit();
                    c.setAutoCommit(true);
                    synchronized (seenCounts) {
                        seenCounts.add(count);
                    }
                    Thread.sleep(10);
                }
            } catch (Throwable t) {
                readerError.set(t);
            }
        });
        reader.start();
        try (LiveBrokerWriter writer = LiveBrokerWriter.start(LiveWriterOptions.builder(db)
                .interval(Duration.ofMillis(200)).maxRounds(6).build())) {
            assertTrue(writer.awaitRounds(6, Duration.ofSeconds(20)), "writer did not finish 6 rounds");
            reading.set(false);
            reader.join(5_000);
            assertTrue(writer.failure().isEmpty(), () -> "writer failed: " + writer.failure().get());
            assertEquals(null, readerError.get());
            try (Connection c = TestDb.open(db)) {
                assertEquals(20_000 + writer.insertedRows(), TestDb.longValue(c, "SELECT count(*) FROM files"));
                assertEquals(metaBefore + 6, TestDb.longValue(c, "SELECT count(*) FROM meta"));
                assertEquals("wal", TestDb.string(c, "PRAGMA journal_mode"));
                assertLatestIsMaxPerSeries(c);
            }
            synchronized (seenCounts) {
                assertTrue(seenCounts.size() > 5, "reader loops: " + seenCounts.size());
                assertTrue(seenCounts.get(seenCounts.size() - 1) > seenCounts.get(0), "reader never saw new rows");
            }
        }
    }

    @Test
    void closeStopsTheThreadWithoutWaitingForTheInterval() throws Exception {
        Path db = generated("live-close", 2_000, 0);
        LiveBrokerWriter writer = LiveBrokerWriter.start(LiveWriterOptions.builder(db).interval(Duration.ofMinutes(10)).build());
        assertTrue(writer.awaitRounds(1, Duration.ofSeconds(10)));
        long started = System.nanoTime();
        writer.close();
        assertTrue(System.nanoTime() - started < 5_000_000_000L);
        assertFalse(writer.isRunning());
        assertEquals(1, writer.rounds());
    }

    @Test
    void emptyFileGetsTheBrokerSchemaAndCollectors() throws Exception {
        Path db = TestDb.path("live-empty");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
        try (LiveBrokerWriter writer = LiveBrokerWriter.open(LiveWriterOptions.builder(db).build())) {
            LiveBrokerWriter.RoundResult r = writer.runRound();
            assertTrue(r.inserted() > 0);
        }
        try (Connection c = TestDb.open(db)) {
            assertEquals(85, TestDb.longValue(c, "SELECT count(*) FROM collectors"));
            assertEquals(List.of("rib", "updates"), TestDb.rows(c, "SELECT name FROM types ORDER BY id"));
            assertEquals("wal", TestDb.string(c, "PRAGMA journal_mode"));
            assertLatestIsMaxPerSeries(c);
        }
    }

    @Test
    void damagedDatabaseDoesNotStopTheWriter() throws Exception {
        Path db = generated("live-damaged", 3_000, 64);
        try (LiveBrokerWriter writer = LiveBrokerWriter.open(LiveWriterOptions.builder(db).build())) {
            assertTrue(writer.runRound().inserted() > 0);
            assertTrue(writer.runRound().inserted() > 0);
        }
        try (Connection c = TestDb.open(db)) {
            // the alias-spelled collectors keep receiving files; the NULL-name one does not
            assertTrue(TestDb.longValue(c, "SELECT count(*) FROM latest WHERE collector_name = 'rrc24'") > 0);
            assertEquals(0, TestDb.longValue(c, "SELECT count(*) FROM latest WHERE collector_name IS NULL"));
        }
    }

    private static void assertLatestIsMaxPerSeries(Connection c) throws Exception {
        String good = " FROM files f JOIN collectors c ON c.id = f.collector_id JOIN types t ON t.id = f.type_id "
                + "WHERE typeof(f.timestamp) = 'integer' AND c.name IS NOT NULL AND f.rough_size >= 0 AND f.exact_size >= 0 "
                + "AND typeof(f.rough_size) = 'integer' AND typeof(f.exact_size) = 'integer' ";
        assertEquals(TestDb.rows(c, "SELECT c.name, t.name, max(f.timestamp), f.rough_size, f.exact_size" + good
                        + "GROUP BY 1, 2 ORDER BY 1, 2"),
                TestDb.rows(c, "SELECT collector_name, type, timestamp, rough_size, exact_size FROM latest ORDER BY 1, 2"));
    }

    private static void assertCadenceUnbroken(Connection c) throws Exception {
        Map<String, Long> previous = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT f.collector_id || '/' || f.type_id, f.timestamp, c.project, t.name FROM files f "
                        + "JOIN collectors c ON c.id = f.collector_id JOIN types t ON t.id = f.type_id "
                        + "ORDER BY f.collector_id, f.type_id, f.timestamp")) {
            while (rs.next()) {
                long period = BrokerProject.parse(rs.getString(3)).orElseThrow().interval(FileType.fromDbName(rs.getString(4)));
                Long prev = previous.put(rs.getString(1), rs.getLong(2));
                if (prev != null) {
                    assertEquals(period, rs.getLong(2) - prev, "gap in series " + rs.getString(1));
                }
            }
        }
    }
}
