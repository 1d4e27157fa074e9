package io.brokerconnect.source.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.testkit.connect.ConnectCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VACUUM that renumbers rowids between two polls, with rows inserted after it. This SQLite keeps rowids on a
 * plain VACUUM, so the test renumbers them the way an older SQLite's VACUUM (or a table rebuild) does: every row
 * gets a new dense rowid in the old order. Rows deleted first (an operator cleaning up damage) make the new
 * rowids smaller, so the broker's next inserts land below the connector's stored rowid: a reader that trusted
 * the rowid would skip them.
 */
class SourceVacuumIT {

    private static ConnectCluster cluster;
    private static SourceConnectorHarness harness;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectCluster.builder("vacuum").start();
        harness = new SourceConnectorHarness(cluster);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void renumberingVacuumBetweenPollsLosesNoRow() throws Exception {
        Path db = TestDatabases.generate(dir.resolve("vacuum.sqlite3"), 20_000, 0, 5);
        harness.start("vacuum", SourceConnectorHarness.connectorConfig(db, "vac"));
        ExpectedContent before = ExpectedContent.of(db);
        harness.awaitCommittedRowids("vacuum", before.maxFilesRowid, before.maxMetaRowid);

        long maxRowidAfter;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("BEGIN IMMEDIATE");
            s.execute("DELETE FROM files WHERE rowid % 10 = 0");
            s.execute("CREATE TEMP TABLE keep AS SELECT * FROM files ORDER BY rowid");
            s.execute("DELETE FROM files");
            s.execute("INSERT INTO files SELECT * FROM keep");
            s.execute("COMMIT");
            s.execute("VACUUM");
            try (ResultSet rs = s.executeQuery("SELECT max(rowid) FROM files")) {
                rs.next();
                maxRowidAfter = rs.getLong(1);
            }
        }
        assertTrue(maxRowidAfter < before.maxFilesRowid, "rowids were renumbered downwards");
        try (TestDatabases.Writer writer = TestDatabases.startWriter(db, Duration.ofMillis(200), 5)) {
            writer.awaitDone();
            assertTrue(writer.rowsInserted() > 0);
        }
        ExpectedContent after = ExpectedContent.of(db);
        harness.awaitCommittedRowids("vacuum", after.maxFilesRowid, after.maxMetaRowid);
        TopicContent actual = TopicContent.read(cluster.bootstrapServers(), SourceConnectorHarness.topics("vac"), false);
        // The topic also holds the deleted rows (they were emitted before), so compare on the database's rows.
        for (var entry : after.files.entrySet()) {
            assertEquals(entry.getValue(), actual.files.get(entry.getKey()), "file " + entry.getKey());
        }
        assertEquals(after.meta, actual.meta);
    }
}
