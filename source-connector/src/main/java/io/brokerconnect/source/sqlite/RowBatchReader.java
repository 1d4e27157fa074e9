package io.brokerconnect.source.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The queries that read an append-only table by rowid; each runs inside the caller's read transaction. */
public final class RowBatchReader {

    private final AppendOnlyTable table;
    private final String selectAfter;
    private final String selectAt;

    public RowBatchReader(AppendOnlyTable table) {
        this.table = table;
        String columns = String.join(", ", table.columns());
        this.selectAfter = "SELECT rowid, " + columns + " FROM " + table.name() + " WHERE rowid > ? ORDER BY rowid LIMIT ?";
        this.selectAt = "SELECT rowid, " + columns + " FROM " + table.name() + " WHERE rowid = ?";
    }

    public AppendOnlyTable table() {
        return table;
    }

    /** Up to {@code limit} rows with a rowid greater than {@code afterRowid}, in rowid order. */
    public List<RawRow> readAfter(Connection connection, long afterRowid, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(selectAfter)) {
            statement.setLong(1, afterRowid);
            statement.setInt(2, limit);
            List<RawRow> rows = new ArrayList<>(Math.min(limit, 16_384));
            try (ResultSet resultSet = statement.executeQuery()) {
                while (resultSet.next()) {
                    rows.add(toRow(resultSet));
                }
            }
            return rows;
        }
    }

    public Optional<RawRow> readAt(Connection connection, long rowid) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(selectAt)) {
            statement.setLong(1, rowid);
            try (ResultSet resultSet = statement.executeQuery()) {
                return resultSet.next() ? Optional.of(toRow(resultSet)) : Optional.empty();
            }
        }
    }

    /** The largest rowid (0 for an empty table): a cheap probe of how far the table has grown. */
    public long maxRowid(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT max(rowid) FROM " + table.name());
             ResultSet resultSet = statement.executeQuery()) {
            resultSet.next();
            return resultSet.getLong(1);
        }
    }

    private RawRow toRow(ResultSet resultSet) throws SQLException {
        int width = table.columns().size();
        Object[] values = new Object[width];
        for (int i = 0; i < width; i++) {
            values[i] = RawRow.normalise(resultSet.getObject(i + 2));
        }
        return new RawRow(resultSet.getLong(1), table.columns(), values);
    }
}
