package io.brokerconnect.cli.verify;

import io.brokerconnect.sink.config.Identifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Makes sure the PostgreSQL schema has the spec's tables before anything is compared. */
final class PostgresSchemaCheck {

    private static final List<String> TABLES = List.of("collectors", "files", "latest", "meta");

    private PostgresSchemaCheck() {
    }

    static void requireTables(Connection connection, Identifier schema) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?)")) {
            for (String table : TABLES) {
                statement.setString(1, schema.qualify(table));
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (rs.getString(1) == null) {
                        missing.add(table);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingTablesException("Schema '" + schema + "' has no table(s) " + missing + ". Point verify at the "
                + "sink's target (--schema / BROKER_DATABASE_SCHEMA), or create the schema with the sink connector or "
                + "'broker-connect schema migrate'.");
        }
    }

    /** The schema lacks the spec's tables: a usage problem, not a mismatch. */
    static final class MissingTablesException extends SQLException {
        private static final long serialVersionUID = 1L;

        MissingTablesException(String message) {
            super(message);
        }
    }
}
