package io.brokerconnect.sink.schema;

import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.SchemaManagement;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.layout.TargetLayouts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.kafka.connect.errors.ConnectException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
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

    /** The spec layout's history table (the layouts name theirs, see {@link TargetLayout#historyTable()}). */
    public static final String HISTORY_TABLE = "broker_connect_schema_history";
    /** First key of the two-key advisory lock that serialises migrate() per schema (the second is the schema's hash). */
    private static final int MIGRATION_LOCK_CLASS = 0x62634d47;

    /** A schema created by the spec's {@code schema.sql}: V1 describes exactly it, so V1 is recorded, not run. */
    public static final Baseline ADOPT_SPEC_SCHEMA =
        new Baseline("1", "adopted schema created by the specification scripts");
    /** A schema that held unrelated objects: history starts at 0 so that V1 still runs. */
    public static final Baseline UNRELATED_OBJECTS =
        new Baseline("0", "schema held unrelated objects before broker-connect");

    private final TargetLayout layout;
    private final DataSource dataSource;

    /** The spec layout in the connection's schema. */
    public SchemaManager(ConnectionSettings settings, DataSource dataSource) {
        this(TargetLayouts.spec(settings.schema()), dataSource);
    }

    public SchemaManager(TargetLayout layout, DataSource dataSource) {
        this.layout = layout;
        this.dataSource = dataSource;
    }

    /**
     * What the messages call the managed catalog, quoted: the data schema, plus the layout and bookkeeping schema
     * when they are separate.
     */
    private String target() {
        return layout.bookkeepingSchema().equals(layout.dataSchema()) ? "'" + layout.dataSchema().name() + "'"
            : "'" + layout.dataSchema().name() + "' (" + layout.name().configValue() + " layout, bookkeeping in '"
                + layout.bookkeepingSchema().name() + "')";
    }

    /** Applies {@code mode}; throws ConnectException with what is wrong and what to do. */
    public void apply(SchemaManagement mode) {
        if (mode == SchemaManagement.NONE) {
            log.info("schema.management=none: leaving schema {} as it is", target());
            return;
        }
        if (mode == SchemaManagement.VALIDATE) {
            try {
                flyway(false).validate();
            } catch (FlywayException e) {
                throw failure("validate", e);
            }
            log.info("Schema {} is at the expected version and no applied migration has changed", target());
            return;
        }
        migrate();
    }

    /**
     * Brings the schema to the newest version: adopts a schema without history first (see {@link #plannedBaseline}),
     * then applies the pending migrations, each in its own transaction.
     *
     * @return Flyway's account of what it applied
     * @throws ConnectException with what is wrong and what to do
     */
    public MigrateResult migrate() {
        // Flyway serialises its own migrate, but the look at a schema without history (and the baseline that may
        // follow) comes before it: a task looking while another one's migrations commit one by one would see a
        // half-created schema and refuse it. So the whole of it runs under one lock per schema.
        try (Connection lock = dataSource.getConnection()) {
            lockSchemaForMigration(lock);
            return migrateLocked();
        } catch (SQLException e) {
            throw new ConnectException("Cannot take or release the migration lock of schema " + target() + ": "
                + e.getMessage(), e);
        }
    }

    /** Session-level, so it spans Flyway's own transactions; released when the connection closes. */
    private void lockSchemaForMigration(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = 0");
        }
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT pg_advisory_lock(" + MIGRATION_LOCK_CLASS + ", hashtext(?))")) {
            statement.setString(1, layout.bookkeepingSchema().name());
            statement.execute();
        }
    }

    private MigrateResult migrateLocked() {
        try {
            Optional<Baseline> baseline = plannedBaseline();
            if (baseline.isPresent()) {
                if (baseline.get().equals(ADOPT_SPEC_SCHEMA)) {
                    log.info("Schema {} holds the broker tables without a migration history: adopting it as "
                        + "version 1", target());
                }
                flyway(true, baseline.get().version(), baseline.get().description()).baseline();
            }
            MigrateResult result = flyway(true).migrate();
            log.info("Schema {} is at version {} ({} migration(s) applied now)", target(),
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
            return result;
        } catch (FlywayException e) {
            throw failure("migrate", e);
        }
    }

    /**
     * What {@link #migrate} records before applying anything to a schema that has no history table: version 1 when
     * the schema holds the broker tables (created by the spec's own {@code schema.sql}: adopted, nothing recreated),
     * version 0 when it holds only unrelated objects. Empty when the schema has a history or is empty or missing.
     * Only reads the catalog.
     *
     * @throws ConnectException when the schema holds only some broker tables (migrate refuses such a schema)
     */
    public Optional<Baseline> plannedBaseline() {
        SchemaState state;
        try {
            state = inspect();
        } catch (SQLException e) {
            throw new ConnectException("Cannot inspect schema " + target() + ": " + e.getMessage(), e);
        }
        if (state.hasHistory() || !layout.adoptsByBaseline()) {
            return Optional.empty();
        }
        if (state.brokerTables().size() == layout.brokerTables().size()) {
            return Optional.of(ADOPT_SPEC_SCHEMA);
        }
        if (!state.brokerTables().isEmpty()) {
            throw new ConnectException("Schema " + target() + " holds only some of the broker tables "
                + state.brokerTables() + " and no migration history, so it cannot be adopted safely. Complete it "
                + "with the spec's schema.sql, or point the sink at an empty schema.");
        }
        return state.hasOtherObjects() ? Optional.of(UNRELATED_OBJECTS) : Optional.empty();
    }

    /**
     * Flyway's view of every migration (applied, pending, baseline, changed or missing), read without changing the
     * database: neither the schema nor the history table is created.
     *
     * @throws ConnectException when the database cannot be read
     */
    public MigrationInfoService info() {
        try {
            return flyway(false).info();
        } catch (FlywayException e) {
            throw new ConnectException("Cannot read the migrations of schema " + target() + ": "
                + e.getMessage(), e);
        }
    }

    /**
     * Checks the applied migrations against the migration files of this build, as {@code schema.management=validate}
     * does, but returns Flyway's verdict instead of throwing: {@code validationSuccessful} and, when false, the
     * reason per migration (changed checksum, applied but missing here, pending, failed).
     *
     * @param allowPending true to accept migrations that are not applied yet (only changed or missing ones fail)
     * @throws ConnectException when the database cannot be read
     */
    public ValidateResult validate(boolean allowPending) {
        try {
            FluentConfiguration configuration = configuration(false, "1", "baseline");
            if (allowPending) {
                configuration.ignoreMigrationPatterns("*:pending");
            }
            return configuration.load().validateWithResult();
        } catch (FlywayException e) {
            throw new ConnectException("Cannot validate the migrations of schema " + target() + ": "
                + e.getMessage(), e);
        }
    }

    private ConnectException failure(String operation, FlywayException e) {
        return new ConnectException("Schema management (" + operation + ") of schema " + target()
            + " failed: " + e.getMessage() + " If an applied migration was edited, restore its original file (never "
            + "change applied migrations; add a new version). If the schema is not migrated yet, use "
            + "schema.management=migrate.", e);
    }

    private Flyway flyway(boolean createSchemas) {
        return flyway(createSchemas, "1", "baseline");
    }

    private Flyway flyway(boolean createSchemas, String baselineVersion, String baselineDescription) {
        return configuration(createSchemas, baselineVersion, baselineDescription).load();
    }

    private FluentConfiguration configuration(boolean createSchemas, String baselineVersion,
                                              String baselineDescription) {
        FluentConfiguration configuration = Flyway.configure(SchemaManager.class.getClassLoader())
            .dataSource(dataSource)
            .schemas(layout.bookkeepingSchema().name())
            .defaultSchema(layout.bookkeepingSchema().name())
            .createSchemas(createSchemas)
            .table(layout.historyTable())
            .locations(layout.migrationLocation())
            .baselineVersion(baselineVersion)
            .baselineDescription(baselineDescription)
            .validateMigrationNaming(true);
        if (!layout.adoptsByBaseline()) {
            // The bookkeeping schema may already hold another layout's history and the shared bookkeeping tables;
            // this layout's V1 then still runs (it creates only what is absent).
            configuration.baselineOnMigrate(true).baselineVersion("0")
                .baselineDescription("bookkeeping schema held other objects before the history of this layout");
        }
        return configuration;
    }

    private SchemaState inspect() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean history = tableExists(connection, layout.bookkeepingSchema().name(), layout.historyTable());
            List<String> broker = new ArrayList<>();
            for (String table : layout.brokerTables()) {
                if (tableExists(connection, layout.dataSchema().name(), table)) {
                    broker.add(table);
                }
            }
            boolean other;
            try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?")) {
                statement.setString(1, layout.bookkeepingSchema().name());
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    other = rs.getLong(1) > 0;
                }
            }
            return new SchemaState(history, broker, other);
        }
    }

    private static boolean tableExists(Connection connection, String schema, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A version recorded as the starting point of a schema's history instead of being applied. */
    public record Baseline(String version, String description) {
    }

    private record SchemaState(boolean hasHistory, List<String> brokerTables, boolean hasOtherObjects) {
    }
}
