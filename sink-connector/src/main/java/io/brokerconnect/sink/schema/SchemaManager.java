package io.brokerconnect.sink.schema;

import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.SchemaManagement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.connect.errors.ConnectException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the target schema at the version this sink needs, with Flyway: versioned, checksummed SQL migrations
 * applied each in its own transaction, recorded in {@value #HISTORY_TABLE}, serialised across tasks and workers by
 * Flyway's PostgreSQL advisory lock, and refused when an applied migration's file has changed.
 *
 * <p>A schema created by the specification's own {@code schema.sql} has the broker tables but no history table;
 * it is adopted by recording version 1 as its baseline, so nothing is recreated.
 */
public final class SchemaManager {

    private static final Logger log = LoggerFactory.getLogger(SchemaManager.class);

    public static final String HISTORY_TABLE = "broker_connect_schema_history";
    public static final String LOCATION = "classpath:io/brokerconnect/sink/migration";
    static final List<String> BROKER_TABLES = List.of("collectors", "files", "latest", "meta");

    private final ConnectionSettings settings;
    private final DataSource dataSource;

    public SchemaManager(ConnectionSettings settings, DataSource dataSource) {
        this.settings = settings;
        this.dataSource = dataSource;
    }

    /** Applies {@code mode}; throws ConnectException with what is wrong and what to do. */
    public void apply(SchemaManagement mode) {
        if (mode == SchemaManagement.NONE) {
            log.info("schema.management=none: leaving schema '{}' as it is", settings.schema());
            return;
        }
        try {
            if (mode == SchemaManagement.VALIDATE) {
                flyway(false).validate();
                log.info("Schema '{}' is at the expected version and no applied migration has changed",
                    settings.schema());
                return;
            }
            migrate();
        } catch (FlywayException e) {
            throw new ConnectException("Schema management (" + mode.name().toLowerCase() + ") of schema '"
                + settings.schema() + "' failed: " + e.getMessage() + " If an applied migration was edited, restore "
                + "its original file (never change applied migrations; add a new version). If the schema is not "
                + "migrated yet, use schema.management=migrate.", e);
        } catch (SQLException e) {
            throw new ConnectException("Cannot inspect schema '" + settings.schema() + "': " + e.getMessage(), e);
        }
    }

    private void migrate() throws SQLException {
        SchemaState state = inspect();
        Flyway flyway = flyway(true);
        if (!state.hasHistory()) {
            if (state.brokerTables().size() == BROKER_TABLES.size()) {
                log.info("Schema '{}' holds the broker tables without a migration history: adopting it as version 1",
                    settings.schema());
                flyway(true, "1", "adopted schema created by the specification scripts").baseline();
            } else if (!state.brokerTables().isEmpty()) {
                throw new ConnectException("Schema '" + settings.schema() + "' holds only some of the broker tables "
                    + state.brokerTables() + " and no migration history, so it cannot be adopted safely. Complete it "
                    + "with the spec's schema.sql, or point the sink at an empty schema.");
            } else if (state.hasOtherObjects()) {
                flyway(true, "0", "schema held unrelated objects before broker-connect").baseline();
            }
        }
        MigrateResult result = flyway.migrate();
        log.info("Schema '{}' is at version {} ({} migration(s) applied now)", settings.schema(),
            result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
            result.migrationsExecuted);
    }

    private Flyway flyway(boolean createSchemas) {
        return flyway(createSchemas, "1", "baseline");
    }

    private Flyway flyway(boolean createSchemas, String baselineVersion, String baselineDescription) {
        return Flyway.configure(SchemaManager.class.getClassLoader())
            .dataSource(dataSource)
            .schemas(settings.schema().name())
            .defaultSchema(settings.schema().name())
            .createSchemas(createSchemas)
            .table(HISTORY_TABLE)
            .locations(LOCATION)
            .baselineVersion(baselineVersion)
            .baselineDescription(baselineDescription)
            .validateMigrationNaming(true)
            .load();
    }

    private SchemaState inspect() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean history = tableExists(connection, HISTORY_TABLE);
            List<String> broker = new ArrayList<>();
            for (String table : BROKER_TABLES) {
                if (tableExists(connection, table)) {
                    broker.add(table);
                }
            }
            boolean other;
            try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?")) {
                statement.setString(1, settings.schema().name());
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    other = rs.getLong(1) > 0;
                }
            }
            return new SchemaState(history, broker, other);
        }
    }

    private boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            statement.setString(1, settings.schema().name());
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private record SchemaState(boolean hasHistory, List<String> brokerTables, boolean hasOtherObjects) {
    }
}
