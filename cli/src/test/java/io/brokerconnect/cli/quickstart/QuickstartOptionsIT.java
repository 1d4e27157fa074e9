package io.brokerconnect.cli.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.BrokerConnect;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The spec's options on the quickstart (--days N, --all, --batch-size N, --skip-schema): what they select, and
 * every option that cannot work refused with the reason and exit 2 before anything starts.
 */
class QuickstartOptionsIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    @TempDir
    Path dir;

    @Test
    void daysMigratesOnlyRecentFilesAndVerifiesThatWindow(PostgresDatabase db) throws Exception {
        StringWriter out = new StringWriter();
        Instant started = Instant.now();
        int code = run(out, "quickstart", "--rows", "30000", "--days", "1", "--batch-size", "700",
            "--exit-when-synced", "--timeout", "PT4M", "--rest-port", "0", "--work-dir", dir.toString(),
            "--pg-url", db.jdbcUrl(), "--pg-user", db.user(), "--pg-password-file", passwordFile(db).toString(),
            "--pg-sslmode", "disable");
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains(": PARITY"), out.toString());
        long cutoff = started.minus(Duration.ofDays(1)).getEpochSecond();
        long inSqlite = count(DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("broker-sample.sqlite3")),
            "SELECT count(*) FROM files");
        long recentInSqlite = count(DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("broker-sample.sqlite3")),
            "SELECT count(*) FROM files WHERE timestamp >= " + (cutoff + 60));
        long inPostgres = count(db.connect(), "SELECT count(*) FROM files");
        long old = count(db.connect(), "SELECT count(*) FROM files WHERE ts < to_timestamp(" + (cutoff - 60) + ")");
        assertTrue(recentInSqlite > 0 && recentInSqlite < inSqlite, "the sample has recent and older files");
        assertTrue(inPostgres >= recentInSqlite && inPostgres < inSqlite, "only the last day: " + inPostgres
            + " of " + inSqlite + " (" + recentInSqlite + " recent)");
        assertEquals(0, old, "no file older than the window");
    }

    @Test
    void optionsThatCannotWorkAreRefusedBeforeAnythingStarts(PostgresDatabase db) throws Exception {
        assertRefused("--days 0: give a number of days of at least 1", "--days", "0");
        assertRefused("--batch-size 0: give a number of rows from 1 to 1000000", "--batch-size", "0");
        assertRefused("--skip-schema: the local PostgreSQL of a new run has no schema yet", "--skip-schema");
        assertRefused("mutually exclusive", "--days", "3", "--all");
        assertRefused("--sqlite: File '" + dir.resolve("missing.sqlite3") + "' does not exist", "--sqlite",
            dir.resolve("missing.sqlite3").toString());
        assertRefused("--skip-schema: the spec layout", "--skip-schema", "--pg-url", db.jdbcUrl(), "--pg-user",
            db.user(), "--pg-password-file", passwordFile(db).toString(), "--pg-sslmode", "disable");
    }

    private void assertRefused(String reason, String... options) {
        StringWriter out = new StringWriter();
        String[] args = new String[options.length + 5];
        System.arraycopy(new String[] {"quickstart", "--rest-port", "0", "--work-dir", dir.resolve("refused").toString()},
            0, args, 0, 5);
        System.arraycopy(options, 0, args, 5, options.length);
        assertEquals(2, run(out, args), out.toString());
        assertTrue(out.toString().contains(reason), "names the reason '" + reason + "': " + out);
        assertFalse(out.toString().contains("Starting Kafka"), "refused before anything starts: " + out);
    }

    private Path passwordFile(PostgresDatabase db) throws Exception {
        return Files.writeString(dir.resolve("pg-password"), db.password());
    }

    private static long count(Connection connection, String sql) throws Exception {
        try (connection; Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int run(StringWriter out, String... args) {
        CommandLine commandLine = BrokerConnect.commandLine();
        PrintWriter writer = new PrintWriter(out, true);
        commandLine.setOut(writer);
        commandLine.setErr(writer);
        return commandLine.execute(args);
    }
}
