package io.brokerconnect.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.brokerconnect.cli.verify.read.ContentChecksum;
import io.brokerconnect.cli.verify.report.VerifyReport;
import io.brokerconnect.common.model.TopicNames;
import io.brokerconnect.sink.PostgresSinkConnector;
import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.source.SqliteSourceConnector;
import io.brokerconnect.source.config.TopicCreationDefaults;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import io.brokerconnect.testkit.postgres.PostgresServer;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.DamageKind;
import io.brokerconnect.tools.generator.GenerationReport;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated broker database with damaged rows goes through the real pipeline (SQLite source connector, Kafka,
 * PostgreSQL sink connector) into a real PostgreSQL; {@code verify} must call that a parity, and must report
 * precisely what was changed in copies of that database ({@code CREATE DATABASE ... TEMPLATE}, no reload).
 */
class VerifyCommandIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String PREFIX = "verify";
    private static final String SOURCE = "verify-source";
    private static final String SINK = "verify-sink";
    private static final AtomicInteger COPIES = new AtomicInteger();

    @TempDir
    static Path dir;

    private static ConnectCluster cluster;
    private static PostgresServer server;
    private static PostgresDatabase loaded;
    private static Path sqlite;
    private static GenerationReport generated;
    private static long filesMaxRowid;
    private static long metaMaxRowid;

    @BeforeAll
    static void loadThroughThePipeline(PostgresServer postgres) throws Exception {
        server = postgres;
        sqlite = dir.resolve("broker.sqlite3");
        generated = BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(20_000).damagedRows(48)
            .seed(31).typesReversed(true).build());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement s = c.createStatement()) {
            filesMaxRowid = single(s, "SELECT max(rowid) FROM files");
            metaMaxRowid = single(s, "SELECT max(rowid) FROM meta");
        }
        loaded = server.createUniqueDatabase("verify_loaded");
        cluster = ConnectCluster.builder("verify").start();
        TopicNames topics = new TopicNames(PREFIX);

        Map<String, String> source = new HashMap<>(TopicCreationDefaults.forPrefix(PREFIX, 4, 1));
        source.put("connector.class", SqliteSourceConnector.class.getName());
        source.put("tasks.max", "1");
        source.put("database.path", sqlite.toString());
        source.put("topic.prefix", PREFIX);
        source.put("poll.interval.ms", "100");
        cluster.connect().configureConnector(SOURCE, source);

        Map<String, String> sink = new HashMap<>();
        sink.put("connector.class", PostgresSinkConnector.class.getName());
        sink.put("tasks.max", "2");
        sink.put("topics", topics.collectors() + "," + topics.files() + "," + topics.meta());
        sink.put("connection.url", loaded.jdbcUrl());
        sink.put("connection.user", loaded.user());
        sink.put("connection.password", loaded.password());
        sink.put("connection.sslmode", "disable");
        sink.put("first.load.caught.up.after.ms", "500");
        cluster.connect().configureConnector(SINK, sink);

        Await.until(TIMEOUT, () -> sourceRowid("files") == filesMaxRowid && sourceRowid("meta") == metaMaxRowid,
            () -> "the source has committed every rowid (files " + filesMaxRowid + ", meta " + metaMaxRowid + ")");
        for (String topic : List.of(topics.collectors(), topics.files(), topics.meta())) {
            Await.until(TIMEOUT, () -> cluster.endOffsetSum(topic) > 0
                && cluster.sinkCommittedSum(SINK, topic) >= cluster.endOffsetSum(topic),
                () -> "the sink has committed all of " + topic);
        }
        Await.until(TIMEOUT, () -> count(loaded, "SELECT count(*) FROM broker_connect_first_load") == 0,
            () -> "the sink's first-load index rebuild is done");
        cluster.connect().deleteConnector(SINK);
        Await.until(TIMEOUT, () -> count(server.defaultDatabase(), "SELECT count(*) FROM pg_stat_activity WHERE datname = '"
            + loaded.name() + "'") == 0, () -> "the sink's sessions are gone, so the database can serve as a template");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void thePipelinesResultIsAParityDespiteDamagedRows() throws Exception {
        VerifyRun run = VerifyRun.of(sqlite, loaded, dir.resolve("parity"));
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("RESULT: PARITY"), run.out());
        JsonNode json = run.json();
        assertTrue(json.path("parity").asBoolean(), json.toString());
        assertEquals(generated.goodFileRows(), run.table("files").path("expected").asLong());
        assertEquals(generated.goodFileRows(), run.table("files").path("postgres").asLong());
        assertEquals(generated.filesRows(), run.table("files").path("sqliteRows").asLong());
        assertEquals(generated.damagedRows("files"), run.table("files").path("damaged").asLong());
        assertEquals(generated.damagedRows("meta"), run.table("meta").path("damaged").asLong());
        assertEquals(generated.metaRows(), run.table("meta").path("sqliteRows").asLong());
        assertEquals(1, run.table("collectors").path("damaged").asLong());
        assertEquals(generated.latestRows(), run.table("latest").path("expected").asLong());
        assertEquals(generated.latestRows(), run.table("latest").path("postgres").asLong());
        // Each damaged row counted under the reason the source connector gives it.
        assertEquals(generated.damaged(DamageKind.FILES_TIMESTAMP_TEXT) + generated.damaged(DamageKind.FILES_TIMESTAMP_NULL)
            + generated.damaged(DamageKind.FILES_TIMESTAMP_REAL), run.damaged("files", "timestamp "));
        assertEquals(generated.damaged(DamageKind.FILES_COLLECTOR_NULL_NAME),
            run.damaged("files", "collector_id refers to a damaged collectors row"));
        assertEquals(generated.damaged(DamageKind.FILES_COLLECTOR_ID_UNKNOWN),
            run.damaged("files", "collector_id is not in the collectors table"));
        assertEquals(generated.damaged(DamageKind.FILES_TYPE_ID_UNKNOWN),
            run.damaged("files", "type_id is not in the types"));
        assertEquals(generated.damaged(DamageKind.FILES_ROUGH_SIZE_NEGATIVE)
            + generated.damaged(DamageKind.FILES_ROUGH_SIZE_NULL) + generated.damaged(DamageKind.FILES_ROUGH_SIZE_TEXT),
            run.damaged("files", "rough_size "));
        assertEquals(1, run.damaged("meta", "update_ts "));
        assertEquals(1, run.damaged("meta", "insert_count "));
        assertEquals(1, run.damaged("collectors", "name is NULL"));
        assertEquals(json.path("files").path("bucketsCompared").asLong(), json.path("files").path("bucketsEqual").asLong());
        assertEquals(json.path("files").path("sqliteChecksum").asText(),
            json.path("files").path("postgresChecksum").asText());
        String markdown = Files.readString(run.markdown());
        assertTrue(markdown.startsWith("# broker-connect verify: PARITY"), markdown);
        assertTrue(markdown.contains("| files | " + String.format("%,d", generated.filesRows())), markdown);
    }

    @Test
    void zeroSizesAreComparedUnderTheSinksRule() throws Exception {
        // The sink wrote size 0 as NULL (its default); expecting 0 instead must find every such file.
        long zeroSizedFiles = count(loaded, "SELECT count(*) FROM files WHERE rough_size IS NULL OR exact_size IS NULL");
        assertTrue(zeroSizedFiles > 0, "the generator writes some size-0 files");
        VerifyRun run = VerifyRun.of(sqlite, loaded, dir.resolve("keep-zero"), "--keep-zero-sizes", "--samples", "1");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.json().path("files").path("bucketsDiffering").asLong() > 0, run.toString());
        JsonNode sample = run.json().path("files").path("mismatches").get(0).path("samples").get(0);
        assertTrue(sample.path("problem").asText().contains("differ"), sample.toString());
    }

    @Test
    void upToTheSourceOffsetReadFromConnectIsAParity() throws Exception {
        VerifyRun run = VerifyRun.of(sqlite, loaded, dir.resolve("rest-offset"), "--up-to-offset",
            "--connect", cluster.connect().endpointForResource(""), "--source-connector", SOURCE);
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode scope = run.json().path("scope");
        assertEquals("up-to-offset", scope.path("mode").asText());
        assertEquals(filesMaxRowid, scope.path("sourceFilesRowid").asLong());
        assertEquals(metaMaxRowid, scope.path("sourceMetaRowid").asLong());
        assertEquals("[-inf, +inf)", scope.path("files").asText(), "the source has emitted every row: no cutoff");
    }

    @Test
    void aDeletedFileIsReportedWithItsBucketAndRow() throws Exception {
        PostgresDatabase copy = copyOfLoaded();
        FileRow victim = fileRow(copy, "rrc00", "updates", 100);
        execute(copy, "DELETE FROM files f USING collectors c WHERE c.id = f.collector_id AND c.name = 'rrc00' "
            + "AND f.data_type = 'updates' AND f.ts = to_timestamp(" + victim.epoch + ")");
        VerifyRun run = VerifyRun.of(sqlite, copy, dir.resolve("deleted"));
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(run.table("files").path("expected").asLong() - 1, run.table("files").path("postgres").asLong());
        JsonNode mismatches = run.json().path("files").path("mismatches");
        assertEquals(1, mismatches.size(), mismatches.toString());
        JsonNode bucket = mismatches.get(0);
        assertEquals(List.of(victim.day(), "ripe-ris", "rrc00", "updates", "row counts differ"),
            List.of(bucket.path("day").asText(), bucket.path("project").asText(), bucket.path("collector").asText(),
                bucket.path("type").asText(), bucket.path("problem").asText()));
        assertEquals(bucket.path("sqliteRows").asLong() - 1, bucket.path("postgresRows").asLong());
        assertEquals(1, bucket.path("samples").size(), bucket.toString());
        JsonNode sample = bucket.path("samples").get(0);
        assertEquals(Instant.ofEpochSecond(victim.epoch).toString(), sample.path("ts").asText());
        assertEquals("missing in PostgreSQL", sample.path("problem").asText());
        assertTrue(run.out().contains("files " + victim.day() + " ripe-ris rrc00 updates: row counts differ"), run.out());
        assertTrue(Files.readString(run.markdown())
            .contains(Instant.ofEpochSecond(victim.epoch) + " | missing in PostgreSQL"));
    }

    @Test
    void postgresIsReadOnlyOnceTheGateOpens() throws Exception {
        PostgresDatabase copy = copyOfLoaded();
        FileRow victim = fileRow(copy, "rrc00", "updates", 50);
        String deleteVictim = "DELETE FROM files f USING collectors c WHERE c.id = f.collector_id AND c.name = 'rrc00' "
            + "AND f.data_type = 'updates' AND f.ts = to_timestamp(" + victim.epoch + ")";
        // The copy is a parity until the gate deletes a file: only a PostgreSQL side read after the gate sees that.
        VerifyReport report = Verifier.verify(VerifyOptions.builder(sqlite, settings(copy)).build(),
            () -> execute(copy, deleteVictim));
        assertEquals(1, report.files().bucketsDiffering(), report.mismatches().toString());
        var files = report.tables().stream().filter(t -> t.table().equals("files")).findFirst().orElseThrow();
        assertEquals(files.expected() - 1, files.postgres(), report.mismatches().toString());

        VerifyException failure = assertThrows(VerifyException.class,
            () -> Verifier.verify(VerifyOptions.builder(sqlite, settings(copy)).build(), () -> {
                throw new SQLException("the rebuild wait failed");
            }));
        assertTrue(failure.getMessage().startsWith("Cannot read PostgreSQL at " + copy.jdbcUrl()), failure.getMessage());
        assertTrue(failure.getMessage().contains("the rebuild wait failed"), failure.getMessage());
    }

    private static ConnectionSettings settings(PostgresDatabase db) {
        return ConnectionSettings.resolve(db.jdbcUrl(), db.user(),
            new Password(db.password()), "disable", "public", Map.of());
    }

    @Test
    void aChangedSizeIsReportedWithBothValues() throws Exception {
        PostgresDatabase copy = copyOfLoaded();
        FileRow victim = fileRow(copy, "route-views2", "rib", 10);
        execute(copy, "UPDATE files f SET exact_size = 424242 FROM collectors c WHERE c.id = f.collector_id "
            + "AND c.name = 'route-views2' AND f.data_type = 'rib' AND f.ts = to_timestamp(" + victim.epoch + ")");
        VerifyRun run = VerifyRun.of(sqlite, copy, dir.resolve("size"));
        assertEquals(1, run.exitCode(), run.toString());
        JsonNode mismatches = run.json().path("files").path("mismatches");
        assertEquals(1, mismatches.size(), mismatches.toString());
        assertEquals("same row count, content differs", mismatches.get(0).path("problem").asText());
        JsonNode sample = mismatches.get(0).path("samples").get(0);
        assertEquals("exact_size differs", sample.path("problem").asText());
        assertEquals(victim.exactSize == null ? "null" : victim.exactSize.toString(),
            sample.path("expectedExactSize").asText());
        assertEquals(424242, sample.path("postgresExactSize").asLong());
        assertEquals(0, run.json().path("latest").path("mismatches").size(), "an old file: latest is unaffected");
    }

    @Test
    void aStaleLatestRowIsReportedAgainstBothSides() throws Exception {
        PostgresDatabase copy = copyOfLoaded();
        execute(copy, "UPDATE latest SET ts = ts - interval '1 day' WHERE collector_name = 'rrc01' AND type = 'rib'");
        VerifyRun run = VerifyRun.of(sqlite, copy, dir.resolve("latest"));
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(0, run.json().path("files").path("bucketsDiffering").asLong());
        List<String> problems = new ArrayList<>();
        for (JsonNode m : run.json().path("latest").path("mismatches")) {
            problems.add(m.path("collector").asText() + " " + m.path("type").asText() + " vs " + m.path("against").asText()
                + ": " + m.path("problem").asText());
        }
        assertEquals(List.of("rrc01 rib vs newest SQLite file: stale (older than the newest file)",
            "rrc01 rib vs newest PostgreSQL file: stale (older than the newest file)"), problems);
        assertEquals(List.of("latest: 2 row(s) differ"), mismatchLines(run));
    }

    @Test
    void aChangedCollectorUrlIsReportedFieldByField() throws Exception {
        PostgresDatabase copy = copyOfLoaded();
        String original = text(copy, "SELECT url FROM collectors WHERE name = 'route-views.sydney'");
        execute(copy, "UPDATE collectors SET url = 'https://example.org/moved' WHERE name = 'route-views.sydney'");
        VerifyRun run = VerifyRun.of(sqlite, copy, dir.resolve("collector"));
        assertEquals(1, run.exitCode(), run.toString());
        JsonNode mismatches = run.json().path("collectors").path("mismatches");
        assertEquals(1, mismatches.size(), mismatches.toString());
        assertEquals(List.of("route-views", "route-views.sydney", "url", original, "https://example.org/moved"),
            List.of(mismatches.get(0).path("project").asText(), mismatches.get(0).path("name").asText(),
                mismatches.get(0).path("field").asText(), mismatches.get(0).path("sqlite").asText(),
                mismatches.get(0).path("postgres").asText()));
        assertEquals(List.of("collectors: 1 field(s) differ"), mismatchLines(run));
    }

    @Test
    void aMissingAndAnExtraMetaRowAreReported() throws Exception {
        PostgresDatabase copy = copyOfLoaded();
        long[] victim = longs(copy, "SELECT floor(date_part('epoch', update_ts))::bigint, update_duration, insert_count "
            + "FROM meta ORDER BY update_ts OFFSET (SELECT count(*) / 2 FROM meta) LIMIT 1");
        execute(copy, "DELETE FROM meta WHERE update_ts = to_timestamp(" + victim[0] + ")");
        long extraTs = victim[0] % 86_400 == 86_399 ? victim[0] - 1 : victim[0] + 1; // same day
        execute(copy, "INSERT INTO meta (update_ts, update_duration, insert_count) VALUES (to_timestamp(" + extraTs
            + "), 3, 4)");
        VerifyRun run = VerifyRun.of(sqlite, copy, dir.resolve("meta"));
        assertEquals(1, run.exitCode(), run.toString());
        JsonNode days = run.json().path("meta").path("mismatches");
        assertEquals(1, days.size(), days.toString());
        assertEquals(Instant.ofEpochSecond(victim[0]).toString().substring(0, 10), days.get(0).path("day").asText());
        List<String> samples = new ArrayList<>();
        days.get(0).path("samples").forEach(s -> samples.add(s.path("updateTs").asText() + " " + s.path("problem").asText()
            + " " + s.path("updateDuration").asLong() + " " + s.path("insertCount").asLong()));
        List<String> expected = new ArrayList<>(List.of(
            Instant.ofEpochSecond(victim[0]) + " missing in PostgreSQL " + victim[1] + " " + victim[2],
            Instant.ofEpochSecond(extraTs) + " only in PostgreSQL 3 4"));
        expected.sort(null); // samples come in time order
        assertEquals(expected, samples);
        assertEquals(List.of("meta: 1 day(s) differ"), mismatchLines(run));
    }

    @Test
    void aFileOutsideTheWindowIsNotCompared() throws Exception {
        PostgresDatabase copy = copyOfLoaded();
        FileRow victim = fileRow(copy, "rrc03", "updates", 50);
        execute(copy, "DELETE FROM files f USING collectors c WHERE c.id = f.collector_id AND c.name = 'rrc03' "
            + "AND f.data_type = 'updates' AND f.ts = to_timestamp(" + victim.epoch + ")");
        String at = Long.toString(victim.epoch);
        String after = Instant.ofEpochSecond(victim.epoch + 1).toString();
        // --until is exclusive: the deleted file at exactly that time is outside the window, one second later inside.
        VerifyRun before = VerifyRun.of(sqlite, copy, dir.resolve("until-at"), "--until", at);
        assertEquals(0, before.exitCode(), before.toString());
        assertEquals(count(copy, "SELECT count(*) FROM files WHERE ts < to_timestamp(" + victim.epoch + ")"),
            before.table("files").path("postgres").asLong());
        assertEquals(before.table("files").path("expected").asLong(), before.table("files").path("postgres").asLong());
        assertEquals("window", before.json().path("scope").path("mode").asText());
        VerifyRun including = VerifyRun.of(sqlite, copy, dir.resolve("until-after"), "--until", after);
        assertEquals(1, including.exitCode(), including.toString());
        // --since is inclusive: a window starting one second after the deleted file does not see it.
        VerifyRun since = VerifyRun.of(sqlite, copy, dir.resolve("since-after"), "--since", after);
        assertEquals(0, since.exitCode(), since.toString());
        assertEquals(count(copy, "SELECT count(*) FROM files WHERE ts > to_timestamp(" + victim.epoch + ")"),
            since.table("files").path("postgres").asLong());
    }

    @Test
    void upToExplicitRowidsComparesOnlyFilesOlderThanTheFirstUnemittedOne() throws Exception {
        long filesRowid = filesMaxRowid - 1_500;
        long metaRowid = metaMaxRowid - 3;
        long cutoff = oldestFileBeyond(filesRowid);
        PostgresDatabase copy = copyOfLoaded();
        // A file at or after the cutoff (not the newest of its series, which latest points at) may be absent ...
        FileRow newer = fileRowAtOrAfter(copy, cutoff);
        execute(copy, "DELETE FROM files WHERE ts = to_timestamp(" + newer.epoch + ") AND collector_id = "
            + newer.collectorId + " AND data_type = '" + newer.type + "'");
        VerifyRun run = VerifyRun.of(sqlite, copy, dir.resolve("offset"), "--files-rowid", Long.toString(filesRowid),
            "--meta-rowid", Long.toString(metaRowid));
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode scope = run.json().path("scope");
        assertEquals("up-to-offset", scope.path("mode").asText());
        assertEquals("[-inf, " + Instant.ofEpochSecond(cutoff) + ")", scope.path("files").asText());
        assertEquals(count(copy, "SELECT count(*) FROM files WHERE ts >= to_timestamp(" + cutoff + ")"),
            run.json().path("files").path("postgresRowsNotCompared").asLong());
        assertTrue(run.json().path("meta").path("postgresNewerNotCompared").asLong() > 0,
            run.json().path("meta").toString());
        // ... but one before it must be there.
        FileRow older = fileRow(copy, "rrc05", "updates", 5);
        assertTrue(older.epoch < cutoff);
        execute(copy, "DELETE FROM files WHERE ts = to_timestamp(" + older.epoch + ") AND collector_id = "
            + older.collectorId + " AND data_type = 'updates'");
        VerifyRun missing = VerifyRun.of(sqlite, copy, dir.resolve("offset-missing"), "--files-rowid",
            Long.toString(filesRowid), "--meta-rowid", Long.toString(metaRowid));
        assertEquals(1, missing.exitCode(), missing.toString());
        assertEquals(1, missing.json().path("files").path("bucketsDiffering").asLong());
    }

    @Test
    void postgresComputesTheChecksumAsJavaAndSqliteDo() throws Exception {
        long[][] rows = {{1_748_736_000L, 5_200_000L, 0}, {253_402_300_799L, Long.MAX_VALUE, 1}, {0, 0, 0}};
        try (Connection c = loaded.connect(); PreparedStatement s = c.prepareStatement("SELECT " + ContentChecksum.rowSql(
            "?::bigint", ContentChecksum.encodeSql("?::bigint"), ContentChecksum.encodeSql("NULLIF(?::bigint, 0)")))) {
            for (long[] row : rows) {
                // rowSql names the epoch twice: parameters are epoch, rough, epoch, exact.
                s.setLong(1, row[0]);
                s.setLong(2, row[1]);
                s.setLong(3, row[0]);
                s.setLong(4, row[2]);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    assertEquals(ContentChecksum.row(row[0], ContentChecksum.encode(row[1]),
                        ContentChecksum.encode(row[2] == 0 ? null : row[2])), rs.getLong(1));
                }
            }
        }
    }

    // ---- helpers

    /** A file of one collector and type in PostgreSQL, the n-th by time. */
    private record FileRow(long epoch, int collectorId, String type, Long exactSize) {
        String day() {
            return Instant.ofEpochSecond(epoch).toString().substring(0, 10);
        }
    }

    private static FileRow fileRow(PostgresDatabase db, String collector, String type, int nth) throws SQLException {
        return fileRowWhere(db, "c.name = '" + collector + "' AND f.data_type = '" + type + "' ORDER BY f.ts OFFSET " + nth);
    }

    private static FileRow fileRowAtOrAfter(PostgresDatabase db, long epoch) throws SQLException {
        // Not the newest file of its collector and type: that one is what latest names.
        return fileRowWhere(db, "f.ts >= to_timestamp(" + epoch + ") AND f.ts < (SELECT max(g.ts) FROM files g WHERE "
            + "g.collector_id = f.collector_id AND g.data_type = f.data_type) ORDER BY f.ts");
    }

    private static FileRow fileRowWhere(PostgresDatabase db, String condition) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT floor(date_part('epoch', f.ts))::bigint, f.collector_id, f.data_type::text, f.exact_size FROM files f "
                + "JOIN collectors c ON c.id = f.collector_id WHERE " + condition + " LIMIT 1")) {
            assertTrue(rs.next(), "a file where " + condition);
            long exact = rs.getLong(4);
            return new FileRow(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.wasNull() ? null : exact);
        }
    }

    /**
     * The oldest file beyond the rowid that reached PostgreSQL: an oracle for the cutoff independent of verify's own
     * validity rules (damaged rows never reach PostgreSQL, so they are exactly the rows it lacks).
     */
    private static long oldestFileBeyond(long rowid) throws SQLException {
        long oldest = Long.MAX_VALUE;
        try (Connection lite = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Connection pg = loaded.connect();
             PreparedStatement rows = lite.prepareStatement("SELECT f.timestamp, c.name, t.name FROM files f "
                 + "JOIN collectors c ON c.id = f.collector_id JOIN types t ON t.id = f.type_id WHERE f.rowid > ?");
             PreparedStatement inPostgres = pg.prepareStatement("SELECT 1 FROM files f JOIN collectors c ON c.id = "
                 + "f.collector_id WHERE f.ts = to_timestamp(?) AND c.name = ? AND f.data_type::text = ?")) {
            rows.setLong(1, rowid);
            try (ResultSet rs = rows.executeQuery()) {
                while (rs.next()) {
                    if (!(rs.getObject(1) instanceof Number) || rs.getLong(1) >= oldest || rs.getString(2) == null) {
                        continue;
                    }
                    inPostgres.setLong(1, rs.getLong(1));
                    inPostgres.setString(2, rs.getString(2));
                    inPostgres.setString(3, rs.getString(3));
                    try (ResultSet found = inPostgres.executeQuery()) {
                        if (found.next()) {
                            oldest = rs.getLong(1);
                        }
                    }
                }
            }
        }
        assertTrue(oldest < Long.MAX_VALUE, "files beyond rowid " + rowid + " reached PostgreSQL");
        return oldest;
    }

    private static PostgresDatabase copyOfLoaded() throws SQLException {
        String name = loaded.name() + "_copy" + COPIES.incrementAndGet();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE " + loaded.name());
        }
        return server.database(name);
    }

    private static List<String> mismatchLines(VerifyRun run) {
        List<String> lines = new ArrayList<>();
        run.json().path("mismatches").forEach(line -> lines.add(line.asText()));
        return lines;
    }

    private static long sourceRowid(String table) {
        try {
            return cluster.connect().connectorOffsets(SOURCE).offsets().stream()
                .filter(o -> table.equals(o.partition().get("table")))
                .mapToLong(o -> ((Number) o.offset().get("rowid")).longValue()).findFirst().orElse(0);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static void execute(PostgresDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(PostgresDatabase db, String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            return single(s, sql);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static String text(PostgresDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long[] longs(PostgresDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
