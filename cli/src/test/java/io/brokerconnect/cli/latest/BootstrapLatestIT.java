package io.brokerconnect.cli.latest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.schema.SchemaManager;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bootstrap-latest} against a real PostgreSQL server. */
class BootstrapLatestIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    /** Mixed case: only a quoted identifier reaches it; bootstrap_latest() works only with the right search_path. */
    private static final String SCHEMA = "BrokerData";

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    @Test
    void rebuildsADeliberatelyEmptiedLatestToTheNewestFilePerCollectorAndType(PostgresDatabase db) throws Exception {
        migrate(db);
        execute(db, "SET search_path TO \"" + SCHEMA + "\";\n" + """
            INSERT INTO collectors (project, name, url, updates_interval) VALUES
              ('ripe-ris', 'rrc00', 'https://data.ris.ripe.net/rrc00', 300),
              ('ripe-ris', 'rrc01', 'https://data.ris.ripe.net/rrc01', 300),
              ('route-views', 'route-views2', 'http://archive.routeviews.org/bgpdata', 900),
              ('route-views', 'amsix', 'http://archive.routeviews.org/amsix/bgpdata', 900);
            -- Every collector has updates every 5 min and RIBs every 8 h over 10 days; rrc01 has no RIBs at all.
            INSERT INTO files (ts, collector_id, data_type, rough_size, exact_size)
            SELECT timestamptz '2025-05-01 00:00:00+00' + make_interval(secs => 300 * g), c.id, 'updates',
                   (g * 37 + c.id) % 5000000, CASE WHEN g % 30 = 0 THEN NULL ELSE (g * 41 + c.id) % 5000000 END
            FROM collectors c, generate_series(0, 2879) g;
            INSERT INTO files (ts, collector_id, data_type, rough_size, exact_size)
            SELECT timestamptz '2025-05-01 00:00:00+00' + make_interval(hours => 8 * g), c.id, 'rib',
                   (g * 97 + c.id) * 1000, (g * 101 + c.id) * 1000
            FROM collectors c, generate_series(0, 29) g WHERE c.name <> 'rrc01';
            """);
        execute(db, "DELETE FROM \"" + SCHEMA + "\".latest");
        Map<String, String> expected = newestFilePerCollectorAndType(db);
        assertEquals(7, expected.size(), "4 collectors x updates + 3 x rib");

        Run run = bootstrap(db);

        assertEquals(0, run.exitCode(), run.err());
        Matcher timing = Pattern.compile("Rebuilt latest in (\\d+\\.\\d{3}) s: 0 rows before, 7 rows after "
            + "\\(bootstrap_latest\\(\\) wrote 7\\)\\.").matcher(run.out());
        assertTrue(timing.find(), run.out());
        assertEquals(expected, latest(db), "latest = newest file per collector and type, with its sizes");

        // A stale row (older ts, wrong sizes) and a row for a collector without files are both rebuilt away.
        execute(db, "UPDATE \"" + SCHEMA + "\".latest SET ts = ts - interval '1 day', rough_size = 1 "
            + "WHERE collector_name = 'rrc00' AND type = 'updates'");
        execute(db, "INSERT INTO \"" + SCHEMA + "\".latest VALUES ('ghost', 'rib', now(), 1, 1)");
        Run again = bootstrap(db);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("8 rows before, 7 rows after"), again.out());
        assertEquals(expected, latest(db));
    }

    @Test
    void unmigratedSchemaIsAClearError(PostgresDatabase db) throws Exception {
        Run run = bootstrap(db);
        assertEquals(BootstrapLatestCommand.EXIT_ERROR, run.exitCode(), run.out());
        assertTrue(run.err().contains("Schema \"" + SCHEMA + "\" in " + db.jdbcUrl() + " has no bootstrap_latest() "
            + "function"), run.err());
        assertTrue(run.err().contains("Run 'broker-connect schema migrate' first."), run.err());
    }

    private Run bootstrap(PostgresDatabase db) throws Exception {
        Path passwordFile = dir.resolve("pg-password");
        Files.writeString(passwordFile, db.password());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new BootstrapLatestCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exit = command.execute("--pg-url", db.jdbcUrl(), "--pg-user", db.user(), "--pg-password-file",
            passwordFile.toString(), "--pg-sslmode", "disable", "--schema", SCHEMA);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void migrate(PostgresDatabase db) {
        ConnectionSettings settings = ConnectionSettings.resolve(db.jdbcUrl(), db.user(), new Password(db.password()),
            "disable", SCHEMA, Map.of());
        new SchemaManager(settings, new PostgresConnections(settings, "test")).migrate();
    }

    /** Computed in Java from every file row, independently of the SQL in bootstrap_latest(). */
    private static Map<String, String> newestFilePerCollectorAndType(PostgresDatabase db) throws SQLException {
        Map<String, Object[]> newest = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT c.name, f.data_type::text, f.ts, f.rough_size, f.exact_size "
                 + "FROM \"" + SCHEMA + "\".files f JOIN \"" + SCHEMA + "\".collectors c ON c.id = f.collector_id")) {
            while (rs.next()) {
                String key = rs.getString(1) + "/" + rs.getString(2);
                java.sql.Timestamp ts = rs.getTimestamp(3);
                Object[] current = newest.get(key);
                if (current == null || ts.after((java.sql.Timestamp) current[0])) {
                    newest.put(key, new Object[] {ts, rs.getObject(4), rs.getObject(5)});
                }
            }
        }
        Map<String, String> result = new TreeMap<>();
        newest.forEach((key, row) -> result.put(key, ((java.sql.Timestamp) row[0]).toInstant() + " " + row[1] + " "
            + row[2]));
        return result;
    }

    private static Map<String, String> latest(PostgresDatabase db) throws SQLException {
        Map<String, String> result = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT collector_name, type, ts, rough_size, exact_size FROM \""
                 + SCHEMA + "\".latest")) {
            while (rs.next()) {
                result.put(rs.getString(1) + "/" + rs.getString(2), rs.getTimestamp(3).toInstant() + " "
                    + rs.getObject(4) + " " + rs.getObject(5));
            }
        }
        return result;
    }

    private static void execute(PostgresDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
