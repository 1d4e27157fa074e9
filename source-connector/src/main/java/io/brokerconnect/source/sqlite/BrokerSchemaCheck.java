package io.brokerconnect.source.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that a path is a readable SQLite database with the broker's tables and columns, and explains what is
 * wrong when it is not. Used by the connector's {@code validate()} and at task start.
 */
public final class BrokerSchemaCheck {

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** The tables and columns the connector reads. */
    static final Map<String, List<String>> REQUIRED = requiredColumns();

    private BrokerSchemaCheck() {
    }

    /** Empty when the database is usable, otherwise one message saying what is wrong and what to do. */
    public static Optional<String> problemWith(Path path, Duration busyTimeout) {
        if (!Files.exists(path)) {
            return Optional.of("File '" + path + "' does not exist. Give the path of the broker's SQLite database "
                + "as seen by the Connect worker.");
        }
        if (!Files.isRegularFile(path)) {
            return Optional.of("'" + path + "' is not a regular file. Give the path of the broker's SQLite database file.");
        }
        if (!Files.isReadable(path)) {
            return Optional.of("File '" + path + "' is not readable by the Connect worker's user; grant read access.");
        }
        if (!hasSqliteHeader(path)) {
            return Optional.of("File '" + path + "' is not an SQLite database (no 'SQLite format 3' header).");
        }
        try (BrokerDatabase database = BrokerDatabase.openReadOnly(path, busyTimeout)) {
            return database.inReadTransaction(BrokerSchemaCheck::missingTablesOrColumns);
        } catch (SQLException e) {
            return Optional.of("Cannot read SQLite database '" + path + "': " + e.getMessage());
        }
    }

    private static Optional<String> missingTablesOrColumns(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : REQUIRED.entrySet()) {
            List<String> actual = columnsOf(connection, entry.getKey());
            if (actual.isEmpty()) {
                problems.add("table '" + entry.getKey() + "' is missing");
                continue;
            }
            List<String> missing = new ArrayList<>(entry.getValue());
            missing.removeAll(actual);
            if (!missing.isEmpty()) {
                problems.add("table '" + entry.getKey() + "' lacks column(s) " + missing);
            }
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Not a BGPKIT Broker database: " + String.join("; ", problems)
            + ". Point the connector at the broker's catalog database (tables collectors, types, files, meta).");
    }

    private static List<String> columnsOf(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        // pragma_table_info takes the table name as a bound value: no SQL is built from it.
        try (PreparedStatement statement = connection.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
            statement.setString(1, table);
            try (ResultSet resultSet = statement.executeQuery()) {
                while (resultSet.next()) {
                    columns.add(resultSet.getString(1));
                }
            }
        }
        return columns;
    }

    private static boolean hasSqliteHeader(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return Arrays.equals(in.readNBytes(SQLITE_HEADER.length), SQLITE_HEADER);
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, List<String>> requiredColumns() {
        Map<String, List<String>> required = new LinkedHashMap<>();
        required.put("collectors", CatalogReader.COLLECTOR_COLUMNS);
        required.put("types", CatalogReader.TYPE_COLUMNS);
        required.put(AppendOnlyTable.FILES.name(), AppendOnlyTable.FILES.columns());
        required.put(AppendOnlyTable.META.name(), AppendOnlyTable.META.columns());
        return required;
    }
}
