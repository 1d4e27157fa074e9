package io.brokerconnect.cli.schema;

import io.brokerconnect.cli.common.PostgresOptions;
import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.schema.SchemaManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The schema a {@code schema} subcommand works on: connection settings, the sink's SchemaManager, catalog checks. */
final class SchemaTarget {

    private final ConnectionSettings settings;
    private final PostgresConnections connections;
    private final SchemaManager manager;

    private SchemaTarget(ConnectionSettings settings, PostgresConnections connections) {
        this.settings = settings;
        this.connections = connections;
        this.manager = new SchemaManager(settings, connections);
    }

    /** @throws IllegalArgumentException when the options and environment do not name a database */
    static SchemaTarget of(PostgresOptions options, String command) {
        PostgresConnections connections = options.connections(command);
        return new SchemaTarget(connections.settings(), connections);
    }

    SchemaManager manager() {
        return manager;
    }

    String schemaName() {
        return settings.schema().name();
    }

    /** {@code schema "public" in jdbc:postgresql://host:5432/db}. */
    String describe() {
        return "schema \"" + schemaName() + "\" in " + settings.jdbcUrl();
    }

    boolean schemaExists() throws SQLException {
        return exists("SELECT 1 FROM pg_namespace WHERE nspname = ?", schemaName());
    }

    boolean historyTableExists() throws SQLException {
        return exists("SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
            schemaName(), SchemaManager.HISTORY_TABLE);
    }

    private boolean exists(String sql, String... parameters) throws SQLException {
        try (Connection connection = connections.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }
}
