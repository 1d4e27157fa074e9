package io.brokerconnect.tools.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

/**
 * Writes a fresh broker database as fast as SQLite allows, through one JDBC connection.
 *
 * <p>During the load the file is opened with no rollback journal, no fsync and an exclusive lock:
 * nobody else may see a half-written database anyway, and a crash simply means "generate again".
 * Rows go through reused prepared statements in JDBC batches inside large transactions, so SQLite
 * parses each statement once and commits rarely. The secondary indexes are built afterwards in
 * one sort each (much cheaper than maintaining them for every row); only the UNIQUE autoindex of
 * {@code files} is maintained during the load, because it belongs to the table definition.
 * Finally the database is switched to WAL, which is how the broker runs it.
 */
final class BulkLoader implements FileRowSink, AutoCloseable {

    private static final int BATCH_ROWS = 10_000;
    private static final long ROWS_PER_TRANSACTION = 2_000_000;
    /** Page cache during the load (KiB); the UNIQUE index and CREATE INDEX sorts benefit from it. */
    private static final int CACHE_KIB = 256 * 1024;

    private final Connection connection;
    private final PreparedStatement insertFile;
    private final PreparedStatement insertMeta;
    private int pendingFiles;
    private int pendingMeta;
    private long rowsInTransaction;
    private long filesRows;
    private long metaRows;

    private BulkLoader(Connection connection) throws SQLException {
        this.connection = connection;
        this.insertFile = connection.prepareStatement(
                "INSERT INTO files (timestamp, collector_id, type_id, rough_size, exact_size) VALUES (?, ?, ?, ?, ?)");
        this.insertMeta = connection.prepareStatement(
                "INSERT INTO meta (update_ts, update_duration, insert_count) VALUES (?, ?, ?)");
    }

    /** Replaces {@code output} (and its -wal/-shm) by an empty database with the broker's tables. */
    static BulkLoader create(Path output) throws SQLException, IOException {
        Path absolute = output.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            Files.deleteIfExists(Path.of(absolute + suffix));
        }
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + absolute);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=OFF");
            statement.execute("PRAGMA synchronous=OFF");
            statement.execute("PRAGMA locking_mode=EXCLUSIVE");
            statement.execute("PRAGMA cache_size=-" + CACHE_KIB);
            statement.execute("PRAGMA threads=2");
        }
        BrokerSchema.createTables(connection);
        connection.setAutoCommit(false);
        return new BulkLoader(connection);
    }

    void writeCollectors(List<Collector> collectors) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO collectors (id, name, url, project, updates_interval) VALUES (?, ?, ?, ?, ?)")) {
            for (Collector c : collectors) {
                insert.setLong(1, c.id());
                if (c.name() == null) {
                    insert.setNull(2, Types.VARCHAR);
                } else {
                    insert.setString(2, c.name());
                }
                insert.setString(3, c.url());
                insert.setString(4, c.projectSpelling());
                insert.setLong(5, c.updatesInterval());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    void writeTypes(TypeIds typeIds) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO types (id, name) VALUES (?, ?)")) {
            // Insert in id order so the rowid order matches the ids.
            FileType first = typeIds.ribId() < typeIds.updatesId() ? FileType.RIB : FileType.UPDATES;
            FileType second = first == FileType.RIB ? FileType.UPDATES : FileType.RIB;
            for (FileType type : List.of(first, second)) {
                insert.setLong(1, typeIds.idOf(type));
                insert.setString(2, type.dbName());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @Override
    public void file(long timestamp, long collectorId, long typeId, long roughSize, long exactSize)
            throws SQLException {
        insertFile.setLong(1, timestamp);
        insertFile.setLong(2, collectorId);
        insertFile.setLong(3, typeId);
        insertFile.setLong(4, roughSize);
        insertFile.setLong(5, exactSize);
        addFile();
    }

    @Override
    public void rawFile(Object timestamp, Object collectorId, Object typeId, Object roughSize, Object exactSize)
            throws SQLException {
        bind(insertFile, 1, timestamp);
        bind(insertFile, 2, collectorId);
        bind(insertFile, 3, typeId);
        bind(insertFile, 4, roughSize);
        bind(insertFile, 5, exactSize);
        addFile();
    }

    @Override
    public void meta(Object updateTs, Object updateDuration, Object insertCount) throws SQLException {
        bind(insertMeta, 1, updateTs);
        bind(insertMeta, 2, updateDuration);
        bind(insertMeta, 3, insertCount);
        insertMeta.addBatch();
        metaRows++;
        if (++pendingMeta >= BATCH_ROWS) {
            insertMeta.executeBatch();
            pendingMeta = 0;
        }
    }

    private void addFile() throws SQLException {
        insertFile.addBatch();
        filesRows++;
        if (++pendingFiles >= BATCH_ROWS) {
            insertFile.executeBatch();
            pendingFiles = 0;
            rowsInTransaction += BATCH_ROWS;
            if (rowsInTransaction >= ROWS_PER_TRANSACTION) {
                flushAndCommit();
            }
        }
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else if (value instanceof String s) {
            statement.setString(index, s);
        } else if (value instanceof Double d) {
            statement.setDouble(index, d);
        } else if (value instanceof Number n) {
            statement.setLong(index, n.longValue());
        } else {
            throw new IllegalArgumentException("unsupported value type: " + value.getClass());
        }
    }

    void writeLatest(LatestTracker latest) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO latest (timestamp, collector_name, type, rough_size, exact_size) VALUES (?, ?, ?, ?, ?)")) {
            latest.forEach((series, ts, rough, exact) -> {
                insert.setLong(1, ts);
                insert.setString(2, series.collector().name());
                insert.setString(3, series.type().dbName());
                insert.setLong(4, rough);
                insert.setLong(5, exact);
                insert.addBatch();
            });
            insert.executeBatch();
        }
    }

    void flushAndCommit() throws SQLException {
        if (pendingFiles > 0) {
            insertFile.executeBatch();
            pendingFiles = 0;
        }
        if (pendingMeta > 0) {
            insertMeta.executeBatch();
            pendingMeta = 0;
        }
        connection.commit();
        rowsInTransaction = 0;
    }

    /** Builds the secondary indexes and the view, then leaves the database in WAL mode. */
    void finish() throws SQLException {
        flushAndCommit();
        connection.setAutoCommit(true);
        BrokerSchema.createIndexesAndView(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA locking_mode=NORMAL");
            statement.execute("PRAGMA synchronous=NORMAL");
            try (ResultSet rs = statement.executeQuery("PRAGMA journal_mode=WAL")) {
                if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new SQLException("could not switch the database to WAL mode");
                }
            }
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    long filesRows() {
        return filesRows;
    }

    long metaRows() {
        return metaRows;
    }

    @Override
    public void close() throws SQLException {
        try (connection; insertFile; insertMeta) {
            // closes all three, statements first
        }
    }
}
