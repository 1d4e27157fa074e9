package io.brokerconnect.source.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads the small dimension tables ({@code collectors}, {@code types}) whole, as raw rows. */
public final class CatalogReader {

    public static final List<String> COLLECTOR_COLUMNS = List.of("id", "name", "url", "project", "updates_interval");
    public static final List<String> TYPE_COLUMNS = List.of("id", "name");

    public List<RawRow> readCollectors(Connection connection) throws SQLException {
        return readAll(connection, "collectors", COLLECTOR_COLUMNS);
    }

    public List<RawRow> readTypes(Connection connection) throws SQLException {
        return readAll(connection, "types", TYPE_COLUMNS);
    }

    private static List<RawRow> readAll(Connection connection, String table, List<String> columns) throws SQLException {
        String sql = "SELECT rowid, " + String.join(", ", columns) + " FROM " + table + " ORDER BY rowid";
        List<RawRow> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            while (resultSet.next()) {
                Object[] values = new Object[columns.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = RawRow.normalise(resultSet.getObject(i + 2));
                }
                rows.add(new RawRow(resultSet.getLong(1), columns, values));
            }
        }
        return rows;
    }
}
