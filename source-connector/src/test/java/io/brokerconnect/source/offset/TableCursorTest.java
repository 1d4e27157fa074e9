package io.brokerconnect.source.offset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.brokerconnect.source.sqlite.AppendOnlyTable;
import io.brokerconnect.source.sqlite.BrokerDatabase;
import io.brokerconnect.source.sqlite.RawRow;
import io.brokerconnect.source.sqlite.RowBatchReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real SQLite files: a writer connection plays the broker, the cursor reads through a read-only connection. */
class TableCursorTest {

    @TempDir
    Path dir;
    private Path db;
    private final RowBatchReader reader = new RowBatchReader(AppendOnlyTable.FILES);

    @BeforeEach
    void createDatabase() throws SQLException {
        db = dir.resolve("broker.sqlite3");
        try (Connection writer = writer(); Statement s = writer.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE files (timestamp INTEGER, collector_id INTEGER, type_id INTEGER, "
                + "rough_size INTEGER, exact_size INTEGER, UNIQUE (timestamp, collector_id, type_id))");
            for (int i = 1; i <= 10; i++) {
                s.execute("INSERT INTO files VALUES (" + (1000 + i) + ", 1, 1, " + i + ", " + i + ")");
            }
        }
    }

    @Test
    void positionHoldsWhenRowidsAreUnchanged() throws SQLException {
        List<Long> read = readAll(cursorAfter(6));
        assertEquals(List.of(1007L, 1008L, 1009L, 1010L), read);
    }

    @Test
    void renumberedRowidsAreDetectedAndNoRowIsLost() throws SQLException {
        TableCursor cursor = cursorAfter(6);
        // An operator deletes two rows, then the table is rebuilt so that rows get dense new rowids (what a
        // renumbering VACUUM does), then the broker inserts new rows: they get rowids below the old position 6.
        try (Connection writer = writer(); Statement s = writer.createStatement()) {
            s.execute("DELETE FROM files WHERE timestamp IN (1002, 1003)");
            renumber(s);
            s.execute("VACUUM");
            s.execute("INSERT INTO files VALUES (2000, 1, 1, 1, 1)");
            s.execute("INSERT INTO files VALUES (2001, 1, 1, 1, 1)");
        }
        List<Long> read = readAll(cursor);
        // every row still in the table is read again: nothing below the old position is skipped
        assertEquals(List.of(1001L, 1004L, 1005L, 1006L, 1007L, 1008L, 1009L, 1010L, 2000L, 2001L), read);
        assertEquals(1, cursor.renumberings());
    }

    @Test
    void deletedAndReinsertedKeyIsNotMistakenForTheSameRow() throws SQLException {
        TableCursor cursor = cursorAfter(6);
        // Row 6 is deleted, the table renumbered, then the broker re-sends file 1006 (it re-lists recent files)
        // after new files: the key exists again, but at a rowid after rows the reader has never seen.
        try (Connection writer = writer(); Statement s = writer.createStatement()) {
            s.execute("DELETE FROM files WHERE timestamp = 1006");
            renumber(s);
            s.execute("INSERT INTO files VALUES (2000, 1, 1, 1, 1)");
            s.execute("INSERT INTO files VALUES (1006, 1, 1, 6, 6)");
        }
        List<Long> read = readAll(cursor);
        assertEquals(List.of(1001L, 1002L, 1003L, 1004L, 1005L, 1007L, 1008L, 1009L, 1010L, 2000L, 1006L), read);
    }

    @Test
    void vanishedRowRestartsFromTheBeginningRatherThanSkipping() throws SQLException {
        TableCursor cursor = cursorAfter(6);
        try (Connection writer = writer(); Statement s = writer.createStatement()) {
            s.execute("DELETE FROM files WHERE timestamp = 1006");
            renumber(s);
        }
        List<Long> read = readAll(cursor);
        assertEquals(List.of(1001L, 1002L, 1003L, 1004L, 1005L, 1007L, 1008L, 1009L, 1010L), read);
    }

    private TableCursor cursorAfter(long rowid) throws SQLException {
        try (BrokerDatabase database = BrokerDatabase.openReadOnly(db, Duration.ofSeconds(5))) {
            RawRow row = database.inReadTransaction(c -> reader.readAt(c, rowid)).orElseThrow();
            return new TableCursor(reader, new TableOffset(rowid, row.key(AppendOnlyTable.FILES)));
        }
    }

    private List<Long> readAll(TableCursor cursor) throws SQLException {
        List<Long> timestamps = new ArrayList<>();
        try (BrokerDatabase database = BrokerDatabase.openReadOnly(db, Duration.ofSeconds(5))) {
            while (true) {
                List<RawRow> rows = database.inReadTransaction(c -> {
                    cursor.verify(c);
                    return reader.readAfter(c, cursor.position().rowid(), 3);
                });
                if (rows.isEmpty()) {
                    return timestamps;
                }
                for (RawRow row : rows) {
                    timestamps.add((Long) row.get(0));
                    cursor.advance(row);
                }
            }
        }
    }

    /** Gives every row a new dense rowid in the old order, as an older SQLite's VACUUM may. */
    static void renumber(Statement s) throws SQLException {
        s.execute("CREATE TEMP TABLE keep AS SELECT * FROM files ORDER BY rowid");
        s.execute("DELETE FROM files");
        s.execute("INSERT INTO files SELECT * FROM keep");
        s.execute("DROP TABLE keep");
    }

    private Connection writer() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }
}
