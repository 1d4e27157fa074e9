package io.brokerconnect.cli.schema;

import io.brokerconnect.cli.common.PostgresOptions;
import io.brokerconnect.cli.common.TargetLayoutOptions;
import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.schema.SchemaManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The catalog a {@code schema} subcommand works on: connection settings, the layout, the sink's SchemaManager for
 * that layout, catalog checks. Flyway keeps the layout's history in its bookkeeping schema (for the spec layout the
 * data schema itself), so that is the schema migrate creates and whose version it reports.
 */
final class SchemaTarget {

    private final ConnectionSettings settings;
    private final PostgresConnections connections;
    private final TargetLayout layout;
    private final SchemaManager manager;

    private SchemaTarget(ConnectionSettings settings, PostgresConnections connections, TargetLayout layout) {
        this.settings = settings;
        this.connections = connections;
        this.layout = layout;
        this.manager = new SchemaManager(layout, connections);
    }

    /** @throws IllegalArgumentException when the options and environment do not name a database or a valid layout */
    static SchemaTarget of(PostgresOptions options, TargetLayoutOptions target, String command) {
        PostgresConnections connections = options.connections(command);
        return new SchemaTarget(connections.settings(), connections, target.layout(options, connections.settings()));
    }

    SchemaManager manager() {
        return manager;
    }

    TargetLayout layout() {
        return layout;
    }

    /** The schema of the migration history (the spec layout's own schema, else the bookkeeping schema). */
    String schemaName() {
        return layout.bookkeepingSchema().name();
    }

    /**
     * {@code schema "public" in jdbc:postgresql://host:5432/db}, or for upstream's layouts
     * {@code broker layout (schema "broker", bookkeeping in schema "broker_connect") in jdbc:...}.
     */
    String describe() {
        if (layout.name() == LayoutName.SPEC) {
            return "schema \"" + schemaName() + "\" in " + settings.jdbcUrl();
        }
        return layout.name().configValue() + " layout (schema \"" + layout.dataSchema().name() + "\", bookkeeping in "
            + "schema \"" + schemaName() + "\") in " + settings.jdbcUrl();
    }

    /** What has a version: {@code schema "public"}, or {@code the broker layout (history in "broker_connect")}. */
    String versioned() {
        return layout.name() == LayoutName.SPEC ? "schema \"" + schemaName() + "\""
            : "the " + layout.name().configValue() + " layout (history in \"" + schemaName() + "\")";
    }

    boolean schemaExists() throws SQLException {
        return exists("SELECT 1 FROM pg_namespace WHERE nspname = ?", schemaName());
    }

    boolean historyTableExists() throws SQLException {
        return exists("SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
            schemaName(), layout.historyTable());
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
