package io.brokerconnect.sink.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.config.PostgresSinkConfig;
import io.brokerconnect.sink.config.SchemaManagement;
import io.brokerconnect.sink.it.SinkProps;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Flyway-managed schema against a real PostgreSQL server. */
class SchemaMigrationIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    @Test
    void migrationCreatesEverySpecObject(PostgresDatabase db) throws Exception {
        manager(db, Map.of()).apply(SchemaManagement.MIGRATE);
        try (Connection c = db.connect()) {
            SchemaObjects.assertSpecSchema(c, "public");
        }
    }

    @Test
    void secondStartAppliesNothing(PostgresDatabase db) throws Exception {
        manager(db, Map.of()).apply(SchemaManagement.MIGRATE);
        List<String> history = history(db, "public");
        manager(db, Map.of()).apply(SchemaManagement.MIGRATE);
        assertEquals(history, history(db, "public"), "no migration applied twice");
        manager(db, Map.of()).apply(SchemaManagement.VALIDATE);
    }

    /**
     * Tasks of one connector start together, though not at the same instant. Flyway serialises its own
     * migrations, but a task must not inspect the schema while another one's migrations are committing: CI once
     * caught a task refusing a "half created" schema that way (it had seen collectors missing, then files, latest
     * and meta present). Starts are staggered over the time a migration takes, several rounds on fresh schemas,
     * so that inspections fall inside another task's migration.
     */
    @Test
    void tasksStartingTogetherApplyEachMigrationOnce(PostgresDatabase db) throws Exception {
        int tasks = 12;
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(tasks);
        try {
            for (int round = 0; round < 8; round++) {
                String schema = "together_" + round;
                List<Future<?>> started = new ArrayList<>();
                for (int task = 0; task < tasks; task++) {
                    started.add(pool.schedule(() -> {
                        manager(db, Map.of("schema", schema)).apply(SchemaManagement.MIGRATE);
                        return null;
                    }, task * 25L, TimeUnit.MILLISECONDS));
                }
                for (Future<?> task : started) {
                    task.get(2, TimeUnit.MINUTES); // a task that failed fails the test with its exception
                }
                List<String> versions = history(db, schema).stream().map(row -> row.split("\\|")[0])
                    .filter(version -> !version.equals("null")).toList(); // null: Flyway's "schema created" row
                assertEquals(List.of("1", "2", "3", "4"), versions, "each migration applied once: " + history(db, schema));
                try (Connection c = db.connect()) {
                    SchemaObjects.assertSpecSchema(c, schema);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tamperedMigrationStopsWithAClearError(PostgresDatabase db) throws Exception {
        manager(db, Map.of()).apply(SchemaManagement.MIGRATE);
        execute(db, "UPDATE broker_connect_schema_history SET checksum = checksum + 1 WHERE version = '1'");
        ConnectException e = assertThrows(ConnectException.class, () -> manager(db, Map.of()).apply(SchemaManagement.MIGRATE));
        assertTrue(e.getMessage().contains("checksum mismatch") || e.getMessage().contains("Checksum"), e.getMessage());
        assertTrue(e.getMessage().contains("never change applied migrations"), e.getMessage());
        assertThrows(ConnectException.class, () -> manager(db, Map.of()).apply(SchemaManagement.VALIDATE));
    }

    @Test
    void validateOnlyRefusesAnUnmigratedDatabase(PostgresDatabase db) {
        ConnectException e = assertThrows(ConnectException.class,
            () -> manager(db, Map.of()).apply(SchemaManagement.VALIDATE));
        assertTrue(e.getMessage().contains("validate"), e.getMessage());
    }

    @Test
    void schemaCreatedByTheSpecScriptsIsAdoptedWithoutRecreatingAnything(PostgresDatabase db) throws Exception {
        // The spec's schema.sql creates exactly what V1 describes, in the schema named by search_path.
        execute(db, "CREATE SCHEMA bgpkit");
        execute(db, "SET search_path TO bgpkit;\n" + v1Sql());
        execute(db, "INSERT INTO bgpkit.collectors (project, name, url) VALUES ('ripe-ris', 'rrc00', 'u')");
        long filesOid = single(db, "SELECT 'bgpkit.files'::regclass::oid");

        manager(db, Map.of("schema", "bgpkit")).apply(SchemaManagement.MIGRATE);

        assertEquals(filesOid, single(db, "SELECT 'bgpkit.files'::regclass::oid"), "files was not recreated");
        assertEquals(1, single(db, "SELECT count(*) FROM bgpkit.collectors"), "data kept");
        List<String> history = history(db, "bgpkit");
        assertTrue(history.get(0).startsWith("1|BASELINE"), history.toString());
        try (Connection c = db.connect()) {
            SchemaObjects.assertSpecSchema(c, "bgpkit");
        }
        manager(db, Map.of("schema", "bgpkit")).apply(SchemaManagement.VALIDATE);
    }

    @Test
    void customSchemaIsCreatedAndUsed(PostgresDatabase db) throws Exception {
        manager(db, Map.of("schema", "broker_data")).apply(SchemaManagement.MIGRATE);
        try (Connection c = db.connect()) {
            SchemaObjects.assertSpecSchema(c, "broker_data");
        }
        assertEquals(0, single(db, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' "
            + "AND table_name = 'files'"), "nothing leaked into public");
    }

    static SchemaManager manager(PostgresDatabase db, Map<String, String> extra) {
        Map<String, String> props = new java.util.HashMap<>(SinkProps.forDatabase(db));
        props.putAll(extra);
        PostgresSinkConfig config = new PostgresSinkConfig(props, Map.of());
        return new SchemaManager(config.connection(), new PostgresConnections(config.connection(), "test"));
    }

    private static List<String> history(PostgresDatabase db, String schema) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, type, checksum, success FROM " + schema
                 + ".broker_connect_schema_history ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getBoolean(4));
            }
        }
        return rows;
    }

    static void execute(PostgresDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long single(PostgresDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String v1Sql() throws Exception {
        try (InputStream in = SchemaMigrationIT.class.getResourceAsStream(
            "/io/brokerconnect/sink/migration/V1__broker_schema.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
