package io.brokerconnect.cli.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.sink.schema.SchemaManager;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code schema info|migrate|validate} against a real PostgreSQL server, through the command line. */
class SchemaCommandIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    @Test
    void infoOnAnEmptyDatabaseListsEveryMigrationAsPendingAndChangesNothing(PostgresDatabase db) throws Exception {
        String before = catalog(db);

        Run info = schema(db, "info");
        assertEquals(0, info.exitCode(), info.err());
        assertLine(info.out(), "1 +broker schema +SQL +pending +- +-?\\d+");
        assertLine(info.out(), "2 +first load state +SQL +pending +- +-?\\d+");
        for (MigrationFiles migration : MigrationFiles.all()) {
            assertLine(info.out(), migration.version() + " +" + Pattern.quote(migration.description())
                + " +SQL +pending +- +-?\\d+");
        }
        assertTrue(info.out().contains("History table broker_connect_schema_history: none yet"), info.out());
        assertTrue(info.out().contains("migrate would: " + MigrationFiles.applySteps(0) + "."), info.out());

        Run other = schema(db, "info", "--schema", "bgpkit");
        assertEquals(0, other.exitCode(), other.err());
        assertTrue(other.out().contains("schema \"bgpkit\" in " + db.jdbcUrl() + " (does not exist yet)"), other.out());
        assertTrue(other.out().contains("migrate would: create schema \"bgpkit\"; " + MigrationFiles.applySteps(0)
            + "."), other.out());

        assertEquals(before, catalog(db), "info created or changed nothing: no schema, table, function or type");
    }

    @Test
    void migrateThenInfoShowsAppliedAndASecondMigrateAppliesNothing(PostgresDatabase db) throws Exception {
        List<MigrationFiles> migrations = MigrationFiles.all();
        String latest = MigrationFiles.latestVersion();
        Run migrate = schema(db, "migrate");
        assertEquals(0, migrate.exitCode(), migrate.err());
        for (MigrationFiles migration : migrations) {
            assertLine(migrate.out(), "Applied V" + migration.version() + " " + Pattern.quote("("
                + migration.description() + ")") + " in \\d+ ms");
        }
        assertTrue(migrate.out().contains("Schema \"public\" is now at version " + latest + " (" + migrations.size()
            + " migration(s) applied)."), migrate.out());
        List<String> history = history(db);
        assertEquals(migrations.size(), history.size(), history.toString());

        Run info = schema(db, "info");
        assertEquals(0, info.exitCode(), info.err());
        String v1Checksum = history.get(0).split("\\|")[1];
        assertLine(info.out(), "1 +broker schema +SQL +applied +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ +"
            + Pattern.quote(v1Checksum));
        for (MigrationFiles migration : migrations.subList(1, migrations.size())) {
            assertLine(info.out(), migration.version() + " +" + Pattern.quote(migration.description())
                + " +SQL +applied +\\S+ \\S+ +-?\\d+");
        }
        assertTrue(info.out().contains("migrate would change nothing: schema \"public\" is at version " + latest + "."),
            info.out());

        Run again = schema(db, "migrate");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("Nothing to apply: schema \"public\" is at version " + latest + "."),
            again.out());
        assertEquals(history, history(db), "no migration applied twice");

        Run validate = schema(db, "validate");
        assertEquals(0, validate.exitCode(), validate.err());
        assertTrue(validate.out().startsWith("Valid: schema \"public\" in " + db.jdbcUrl()), validate.out());
    }

    @Test
    void validateFailsOnATamperedChecksumWithFlywaysReason(PostgresDatabase db) throws Exception {
        assertEquals(0, schema(db, "migrate").exitCode());
        execute(db, "UPDATE broker_connect_schema_history SET checksum = checksum + 1 WHERE version = '1'");

        Run validate = schema(db, "validate");
        assertEquals(SchemaValidateCommand.EXIT_INVALID, validate.exitCode(), validate.out());
        assertTrue(validate.err().contains("Invalid: schema \"public\""), validate.err());
        assertTrue(validate.err().contains("checksum mismatch for migration version 1"), validate.err());
        assertTrue(validate.err().contains("An applied migration must never change"), validate.err());

        Run info = schema(db, "info");
        assertEquals(0, info.exitCode(), info.err());
        assertLine(info.out(), "1 +broker schema +SQL +applied, FILE CHANGED +\\S+ \\S+ +-?\\d+ \\(file: -?\\d+\\)");
        assertTrue(info.out().contains("migrate would fail: Migration checksum mismatch for migration version 1"),
            info.out());
        assertTrue(info.out().contains("An applied migration must never change"), info.out());

        Run migrate = schema(db, "migrate");
        assertEquals(SchemaErrors.EXIT_ERROR, migrate.exitCode(), migrate.out());
        assertTrue(migrate.err().contains("checksum mismatch"), migrate.err());
        assertTrue(migrate.err().contains("Nothing was applied. An applied migration must never change"),
            migrate.err());
    }

    @Test
    void validateOnAnUnmigratedDatabaseFailsUnlessPendingIsAllowed(PostgresDatabase db) throws Exception {
        Run strict = schema(db, "validate");
        assertEquals(SchemaValidateCommand.EXIT_INVALID, strict.exitCode(), strict.out());
        String all = String.join(", ", MigrationFiles.all().stream().map(m -> "V" + m.version()).toList());
        assertTrue(strict.err().contains(": not applied yet: " + all + "\n"), strict.err());
        assertTrue(strict.err().contains("Apply them with 'broker-connect schema migrate'"), strict.err());
        Run lenient = schema(db, "validate", "--allow-pending");
        assertEquals(0, lenient.exitCode(), lenient.err());
        assertEquals(0, tableCount(db, "public"), "validate created nothing");
    }

    @Test
    void schemaCreatedByTheSpecScriptsIsAdoptedNotRecreated(PostgresDatabase db) throws Exception {
        execute(db, "CREATE SCHEMA bgpkit");
        execute(db, "SET search_path TO bgpkit;\n" + v1Sql());
        long filesOid = single(db, "SELECT 'bgpkit.files'::regclass::oid");

        Run info = schema(db, "info", "--schema", "bgpkit");
        assertTrue(info.out().contains("migrate would: record version 1 as the baseline without running it (adopted "
            + "schema created by the specification scripts); " + MigrationFiles.applySteps(1) + "."), info.out());

        Run migrate = schema(db, "migrate", "--schema", "bgpkit");
        assertEquals(0, migrate.exitCode(), migrate.err());
        assertTrue(migrate.out().contains("Recorded version 1 as the baseline"), migrate.out());
        assertTrue(migrate.out().contains("Applied V2 (first load state)"), migrate.out());
        assertTrue(!migrate.out().contains("Applied V1"), migrate.out());
        assertEquals(filesOid, single(db, "SELECT 'bgpkit.files'::regclass::oid"), "files was not recreated");
        Run after = schema(db, "info", "--schema", "bgpkit");
        assertLine(after.out(),
            "1 +adopted schema created by the specification scripts +BASELINE +baseline +\\S+ \\S+ +-");
    }

    @Test
    void theBrokerLayoutIsListedThenCreatedWithItsHistoryInTheBookkeepingSchema(PostgresDatabase db) throws Exception {
        Run info = schema(db, "info", "--target-layout", "broker");
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("broker layout (schema \"broker\", bookkeeping in schema \"broker_connect\") in "
            + db.jdbcUrl() + " (does not exist yet)"), info.out());
        assertTrue(info.out().contains("History table schema_history_broker: none yet"), info.out());
        assertLine(info.out(), "1 +broker catalog +SQL +pending +- +-?\\d+");
        assertTrue(info.out().contains("migrate would: create schema \"broker_connect\"; apply V1 (broker catalog); "),
            info.out());

        Run migrate = schema(db, "migrate", "--target-layout", "broker");
        assertEquals(0, migrate.exitCode(), migrate.err());
        assertLine(migrate.out(), "Applied V1 \\(broker catalog\\) in \\d+ ms");
        assertTrue(migrate.out().contains("The broker layout (history in \"broker_connect\") is now at version "),
            migrate.out());
        for (String table : List.of("project", "collector", "file", "latest_file", "update_meta")) {
            assertEquals(1, single(db, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'broker' "
                + "AND table_name = '" + table + "' AND table_type = 'BASE TABLE'"), table);
        }
        long applied = single(db, "SELECT count(*) FROM broker_connect.schema_history_broker WHERE success "
            + "AND version IS NOT NULL");
        assertTrue(migrate.out().contains("(" + applied + " migration(s) applied)"), migrate.out());
        assertEquals(0, tableCount(db, "public"), "nothing of the spec layout or its history in public");

        Run again = schema(db, "info", "--target-layout", "broker");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("History table schema_history_broker: present"), again.out());
        assertTrue(again.out().contains("migrate would change nothing: schema \"broker_connect\" is at version "),
            again.out());
        Run validate = schema(db, "validate", "--target-layout", "broker");
        assertEquals(0, validate.exitCode(), validate.err());
        Run conflicting = schema(db, "migrate", "--target-layout", "broker", "--bookkeeping-schema", "broker");
        assertEquals(SchemaErrors.EXIT_ERROR, conflicting.exitCode(), conflicting.out());
        assertTrue(conflicting.err().contains("--bookkeeping-schema broker is the broker's own schema"),
            conflicting.err());
    }

    @Test
    void missingPasswordFileIsAClearError(PostgresDatabase db) {
        Run run = run(new String[] {"info", "--pg-url", db.jdbcUrl(), "--pg-user", db.user(), "--pg-password-file",
            dir.resolve("nope").toString(), "--pg-sslmode", "disable"});
        assertEquals(SchemaErrors.EXIT_ERROR, run.exitCode());
        assertTrue(run.err().contains("Cannot read --pg-password-file"), run.err());
    }

    private Run schema(PostgresDatabase db, String... args) throws Exception {
        Path passwordFile = dir.resolve("pg-password");
        Files.writeString(passwordFile, db.password() + "\n");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--pg-url", db.jdbcUrl(), "--pg-user", db.user(), "--pg-password-file",
            passwordFile.toString(), "--pg-sslmode", "disable"));
        return run(all.toArray(String[]::new));
    }

    private static Run run(String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new SchemaCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exit = command.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Every schema, relation, function and type outside the system catalogs, with kinds. */
    private static String catalog(PostgresDatabase db) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                 SELECT 'n:' || nspname FROM pg_namespace
                   WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
                 UNION ALL SELECT 'c:' || n.nspname || '.' || c.relname || ':' || c.relkind::text FROM pg_class c
                   JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT LIKE 'pg\\_%'
                   AND n.nspname <> 'information_schema'
                 UNION ALL SELECT 'p:' || n.nspname || '.' || p.proname FROM pg_proc p
                   JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT LIKE 'pg\\_%'
                   AND n.nspname <> 'information_schema'
                 UNION ALL SELECT 't:' || n.nspname || '.' || t.typname FROM pg_type t
                   JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname NOT LIKE 'pg\\_%'
                   AND n.nspname <> 'information_schema'
                 ORDER BY 1""")) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
        assertTrue(out.toString().contains("n:public\n"), out.toString());
        return out.toString();
    }

    private static List<String> history(PostgresDatabase db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, checksum, installed_on, success FROM "
                 + SchemaManager.HISTORY_TABLE + " ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getBoolean(4));
            }
        }
        return rows;
    }

    private static long tableCount(PostgresDatabase db, String schema) throws SQLException {
        return single(db, "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema + "'");
    }

    private static void execute(PostgresDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long single(PostgresDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String v1Sql() throws Exception {
        try (InputStream in = SchemaManager.class.getResourceAsStream(
            "/io/brokerconnect/sink/migration/V1__broker_schema.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertLine(String text, String regex) {
        Pattern pattern = Pattern.compile("^" + regex + "$");
        assertTrue(text.lines().anyMatch(l -> pattern.matcher(l).matches()), "no line matches /" + regex + "/ in\n"
            + text);
    }
}
