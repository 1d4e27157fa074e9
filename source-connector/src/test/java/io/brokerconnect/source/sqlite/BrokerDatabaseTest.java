package io.brokerconnect.source.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void opensReadOnlyAndLeavesTheJournalModeAlone() throws Exception {
        Path db = dir.resolve("broker.sqlite3");
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = writer.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE meta (update_ts INTEGER, update_duration INTEGER, insert_count INTEGER)");
            s.execute("INSERT INTO meta VALUES (1, 2, 3)");
            try (BrokerDatabase reader = BrokerDatabase.openReadOnly(db, Duration.ofSeconds(1))) {
                SQLException e = assertThrows(SQLException.class, () -> reader.inReadTransaction(c -> {
                    try (Statement w = c.createStatement()) {
                        return w.executeUpdate("INSERT INTO meta VALUES (4, 5, 6)");
                    }
                }));
                assertTrue(e.getMessage().contains("readonly") || e.getMessage().contains("read-only")
                    || e.getMessage().contains("query_only") || e.getMessage().contains("attempt to write"), e.getMessage());
                long count = reader.inReadTransaction(c -> {
                    try (Statement r = c.createStatement(); ResultSet rs = r.executeQuery("SELECT count(*) FROM meta")) {
                        rs.next();
                        return rs.getLong(1);
                    }
                });
                assertEquals(1, count);
            }
            // the writer can still write while and after the reader read: no lock was left behind
            s.execute("INSERT INTO meta VALUES (7, 8, 9)");
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertEquals("wal", rs.getString(1));
            }
        }
    }

    @Test
    void schemaCheckExplainsWhatIsWrong() throws Exception {
        assertTrue(BrokerSchemaCheck.problemWith(dir.resolve("missing.sqlite3"), Duration.ofSeconds(1))
            .orElseThrow().contains("does not exist"));
        Path text = Files.writeString(dir.resolve("notes.txt"), "this is not a database, just some text");
        assertTrue(BrokerSchemaCheck.problemWith(text, Duration.ofSeconds(1)).orElseThrow()
            .contains("not an SQLite database"));
        Path other = dir.resolve("other.sqlite3");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE files (timestamp INTEGER)");
        }
        String problem = BrokerSchemaCheck.problemWith(other, Duration.ofSeconds(1)).orElseThrow();
        assertTrue(problem.contains("table 'collectors' is missing"), problem);
        assertTrue(problem.contains("table 'files' lacks column(s) [collector_id, type_id, rough_size, exact_size]"),
            problem);
    }
}
