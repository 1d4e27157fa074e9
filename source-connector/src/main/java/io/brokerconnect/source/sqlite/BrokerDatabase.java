package io.brokerconnect.source.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * A read-only connection to the broker's SQLite database.
 *
 * <p>The database belongs to a running service, so this class never writes and never touches the journal mode:
 * the file is opened with {@code SQLITE_OPEN_READONLY} and {@code query_only} on top. Reads happen in short
 * explicit transactions ({@link #inReadTransaction}) so that a consistent snapshot lasts for one batch only and
 * the broker's WAL checkpoints are never starved by a reader that holds its snapshot open.
 */
public final class BrokerDatabase implements AutoCloseable {

    /** Work done inside one read transaction. */
    @FunctionalInterface
    public interface ReadWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Path path;
    private final Connection connection;

    private BrokerDatabase(Path path, Connection connection) {
        this.path = path;
        this.connection = connection;
    }

    /** Opens the database read-only; fails with a message naming the file when it cannot be read. */
    public static BrokerDatabase openReadOnly(Path path, Duration busyTimeout) throws SQLException {
        if (!Files.isRegularFile(path)) {
            throw new SQLException("SQLite database '" + path + "' does not exist or is not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new SQLException("SQLite database '" + path + "' is not readable by the Connect worker's user");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        Connection connection = config.createConnection("jdbc:sqlite:" + path.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            // Belt and braces: even a bug in this connector cannot write through this connection.
            statement.execute("PRAGMA query_only = 1");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        connection.setAutoCommit(false);
        return new BrokerDatabase(path, connection);
    }

    public Path path() {
        return path;
    }

    /**
     * Runs {@code work} in one short read transaction. SQLite starts a deferred transaction lazily at the first
     * read, so the snapshot spans exactly the statements in {@code work} and ends at commit.
     */
    public <T> T inReadTransaction(ReadWork<T> work) throws SQLException {
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
