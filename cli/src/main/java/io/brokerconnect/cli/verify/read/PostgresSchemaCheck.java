package io.brokerconnect.cli.verify.read;

import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.layout.TargetLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Makes sure PostgreSQL holds the layout's tables before anything is compared. */
public final class PostgresSchemaCheck {

    private PostgresSchemaCheck() {
    }

    static void requireTables(Connection connection, TargetLayout layout) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?)")) {
            for (String table : List.of(layout.collectorsTable(), layout.filesTable(), layout.latestTable(),
                layout.metaTable())) {
                statement.setString(1, table);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (rs.getString(1) == null) {
                        missing.add(table);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            String where = layout.name() == LayoutName.SPEC
                ? "Schema '" + layout.dataSchema() + "' has no table(s) " + missing + ". Point verify at the sink's "
                    + "target (--schema / BROKER_DATABASE_SCHEMA, --target-layout)"
                : "The " + layout.name().configValue() + " layout's table(s) " + missing + " do not exist. Point "
                    + "verify at the sink's target (--target-layout as the sink's target.layout)";
            throw new MissingTablesException(where + ", or create the catalog with the sink connector or "
                + "'broker-connect schema migrate'.");
        }
    }

    /** PostgreSQL lacks the layout's tables: a usage problem, not a mismatch. */
    public static final class MissingTablesException extends SQLException {
        private static final long serialVersionUID = 1L;

        MissingTablesException(String message) {
            super(message);
        }
    }
}
