package io.brokerconnect.testkit.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A writer that locks a broker SQLite file against every reader for as long as it likes: an open {@code BEGIN
 * EXCLUSIVE} transaction on a database in rollback-journal mode (a copy taken without its WAL, or a file some tool
 * switched out of WAL mode), so every other connection's read fails with SQLITE_BUSY once its busy timeout is over.
 * In WAL mode a writer cannot lock readers out while they have the file open, which is why the database is switched
 * first ({@link #useRollbackJournal}). The transaction adds files rows, so that a test can check the rows written
 * under the lock are read afterwards.
 */
public final class SqliteExclusiveLock implements AutoCloseable {

    private final Connection connection;
    private final int rowsAdded;

    private SqliteExclusiveLock(Connection connection, int rowsAdded) {
        this.connection = connection;
        this.rowsAdded = rowsAdded;
    }

    /** Switches the file out of WAL mode, before any reader opens it. */
    public static void useRollbackJournal(Path database) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = DELETE");
        }
    }

    /** Takes the lock and, inside it, copies {@code rows} existing files one second later (new unique keys). */
    public static SqliteExclusiveLock take(Path database, int rows) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 30000"); // the lock is taken between the reader's transactions
            statement.execute("BEGIN EXCLUSIVE"); // by hand: the driver's own transactions are deferred
            int added = statement.executeUpdate("INSERT OR IGNORE INTO files (timestamp, collector_id, type_id, "
                + "rough_size, exact_size) SELECT timestamp + 1, collector_id, type_id, rough_size, exact_size "
                + "FROM files WHERE typeof(timestamp) = 'integer' ORDER BY rowid DESC LIMIT " + rows);
            return new SqliteExclusiveLock(connection, added);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    public int rowsAdded() {
        return rowsAdded;
    }

    /** Commits the rows, which ends the lock. */
    public void release() throws SQLException {
        if (!connection.isClosed()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("COMMIT");
            }
            connection.close();
        }
    }

    @Override
    public void close() throws SQLException {
        release();
    }
}
