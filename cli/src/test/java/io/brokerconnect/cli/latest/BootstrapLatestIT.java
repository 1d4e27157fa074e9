package io.brokerconnect.cli.latest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.layout.TargetLayouts;
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
import java.util.ArrayList;
import java.util.List;
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
    void rebuildsTheBrokerLayoutsCorruptedLatestFileFromFile(PostgresDatabase db) throws Exception {
        ConnectionSettings settings = ConnectionSettings.resolve(db.jdbcUrl(), db.user(), new Password(db.password()),
            "disable", "public", Map.of());
        new SchemaManager(TargetLayouts.create(LayoutName.BROKER, settings.schema()),
            new PostgresConnections(settings, "test")).migrate();
        execute(db, """
            INSERT INTO broker.collector (project_id, name, base_uri, updates_interval_seconds)
            SELECT p.project_id, v.name, v.url, v.interval FROM (VALUES
              ('ripe-ris', 'rrc00', 'https://data.ris.ripe.net/rrc00', 300),
              ('ripe-ris', 'rrc01', '', 300),
              ('route-views', 'route-views2', 'http://archive.routeviews.org/bgpdata', 900),
              ('route-views', 'ghost', '', 900)) AS v(project, name, url, interval)
            JOIN broker.project p ON p.name = v.project;
            -- Updates every 5 min and RIBs every 8 h over 10 days, sizes of 0 kept; rrc01 has no RIBs, ghost no files.
            INSERT INTO broker.file (ts_start, collector_id, data_type, rough_size, exact_size)
            SELECT timestamptz '2025-05-01 00:00:00+00' + make_interval(secs => 300 * g), c.collector_id, 'updates',
                   (g * 37 + c.collector_id) % 5000000, CASE WHEN g % 30 = 0 THEN 0 ELSE g * 41 END
            FROM broker.collector c, generate_series(0, 2879) g WHERE c.name <> 'ghost';
            INSERT INTO broker.file (ts_start, collector_id, data_type, rough_size, exact_size)
            SELECT timestamptz '2025-05-01 00:00:00+00' + make_interval(hours => 8 * g), c.collector_id, 'rib',
                   (g * 97 + c.collector_id) * 1000, (g * 101 + c.collector_id) * 1000
            FROM broker.collector c, generate_series(0, 29) g WHERE c.name IN ('rrc00', 'route-views2');
            -- Corrupt: a stale row with wrong sizes, a row for a collector without files, and a missing row.
            INSERT INTO broker.latest_file (collector_id, data_type, ts_start, rough_size, exact_size)
            SELECT collector_id, 'updates', timestamptz '2025-05-02 00:00:00+00', 1, 1 FROM broker.collector
            WHERE name IN ('rrc00', 'ghost');
            """);
        Map<String, String> expected = newestBrokerFilePerCollectorAndType(db);
        assertEquals(5, expected.size(), "3 collectors x updates + 2 x rib");

        Run run = bootstrap(db, "--target-layout", "broker");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Rebuilding \"broker\".latest_file from \"broker\".file"), run.out());
        assertTrue(run.out().contains("2 rows before, 5 rows after"), run.out());
        assertEquals(expected, brokerLatest(db), "latest_file = newest file per collector and type, with its sizes");
    }

    @Test
    void anUnmigratedBrokerLayoutIsAClearError(PostgresDatabase db) throws Exception {
        Run run = bootstrap(db, "--target-layout", "broker");
        assertEquals(BootstrapLatestCommand.EXIT_ERROR, run.exitCode(), run.out());
        assertTrue(run.err().contains("Run 'broker-connect schema migrate --target-layout broker' first."), run.err());
        Run conflicting = bootstrap(db, "--target-layout", "broker", "--schema", SCHEMA);
        assertEquals(BootstrapLatestCommand.EXIT_ERROR, conflicting.exitCode(), conflicting.out());
        assertTrue(conflicting.err().contains("--schema " + SCHEMA + " does not apply to --target-layout broker"),
            conflicting.err());
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
        return bootstrap(db, "--schema", SCHEMA);
    }

    private Run bootstrap(PostgresDatabase db, String... options) throws Exception {
        Path passwordFile = dir.resolve("pg-password");
        Files.writeString(passwordFile, db.password());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new BootstrapLatestCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("--pg-url", db.jdbcUrl(), "--pg-user", db.user(),
            "--pg-password-file", passwordFile.toString(), "--pg-sslmode", "disable"));
        args.addAll(List.of(options));
        int exit = command.execute(args.toArray(String[]::new));
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

    /** Computed in Java from every file row, independently of the layout's rebuild SQL. */
    private static Map<String, String> newestBrokerFilePerCollectorAndType(PostgresDatabase db) throws SQLException {
        Map<String, String> newest = new TreeMap<>();
        Map<String, java.sql.Timestamp> newestTs = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT c.name, f.data_type, f.ts_start, f.rough_size, f.exact_size "
                 + "FROM broker.file f JOIN broker.collector c USING (collector_id)")) {
            while (rs.next()) {
                String key = rs.getString(1) + "/" + rs.getString(2);
                java.sql.Timestamp ts = rs.getTimestamp(3);
                if (!newestTs.containsKey(key) || ts.after(newestTs.get(key))) {
                    newestTs.put(key, ts);
                    newest.put(key, ts.toInstant() + " " + rs.getLong(4) + " " + rs.getLong(5));
                }
            }
        }
        return newest;
    }

    private static Map<String, String> brokerLatest(PostgresDatabase db) throws SQLException {
        Map<String, String> result = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT c.name, l.data_type, l.ts_start, l.rough_size, l.exact_size "
                 + "FROM broker.latest_file l JOIN broker.collector c USING (collector_id)")) {
            while (rs.next()) {
                result.put(rs.getString(1) + "/" + rs.getString(2), rs.getTimestamp(3).toInstant() + " "
                    + rs.getLong(4) + " " + rs.getLong(5));
            }
        }
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
