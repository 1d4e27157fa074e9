package io.brokerconnect.testkit.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One-value queries, so the tests read as what they check rather than as JDBC plumbing. */
final class Queries {

    private Queries() {
    }

    static String string(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new AssertionError("No row from: " + sql);
            }
            return rows.getString(1);
        }
    }

    static long number(Connection connection, String sql) throws SQLException {
        return Long.parseLong(string(connection, sql));
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
