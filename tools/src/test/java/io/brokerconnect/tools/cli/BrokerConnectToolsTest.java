package io.brokerconnect.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import picocli.CommandLine;

class BrokerConnectToolsTest {

    private static Path dbPath(String name) throws Exception {
        Path dir = Path.of("target", "test-dbs");
        Files.createDirectories(dir);
        return dir.resolve(name + ".sqlite3");
    }

    private static String run(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BrokerConnectTools());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        assertEquals(expectedExit, cli.execute(args), out::toString);
        return out.toString();
    }

    private static long count(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void generateThenLiveWriter() throws Exception {
        Path db = dbPath("cli");
        String out = run(0, "generate", "--rows", "3000", "--damaged", "17", "--seed", "9", "--end", "2024-03-01", db.toString());
        assertTrue(out.contains("3,017  (3,000 good + 17 damaged)"), out);
        assertTrue(out.contains("rows/s"), out);
        assertEquals(3_017, count(db, "SELECT count(*) FROM files"));
        assertEquals(Instant.parse("2024-03-01T00:00:00Z").getEpochSecond(),
                count(db, "SELECT max(timestamp) FROM files WHERE typeof(timestamp) = 'integer'"));

        long metaBefore = count(db, "SELECT count(*) FROM meta");
        out = run(0, "live-writer", "--interval", "50", "--rounds", "2", db.toString());
        assertTrue(out.contains("round 2"), out);
        assertEquals(metaBefore + 2, count(db, "SELECT count(*) FROM meta"));
    }

    @Test
    void typesCanBeReversedFromTheCommandLine() throws Exception {
        Path db = dbPath("cli-reversed");
        run(0, "generate", "-n", "100", "--types-reversed", db.toString());
        assertEquals(2, count(db, "SELECT id FROM types WHERE name = 'rib'"));
    }

    @Test
    void badArgumentsAreRejected() {
        String out = run(2, "generate", "--end", "yesterday", "/tmp/never.sqlite3");
        assertTrue(out.contains("not epoch seconds"), out);
        run(2, "generate");
    }

    @Test
    void timeAndDurationFormats() {
        EpochOrInstantConverter converter = new EpochOrInstantConverter();
        assertEquals(Instant.ofEpochSecond(1_748_736_000L), converter.convert("1748736000"));
        assertEquals(Instant.ofEpochSecond(1_748_736_000L), converter.convert("2025-06-01T00:00:00Z"));
        assertEquals(Instant.ofEpochSecond(1_748_736_000L), converter.convert("2025-06-01"));
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("soon"));
        assertEquals(Duration.ofMillis(200), LiveWriterCommand.parseDuration("200"));
        assertEquals(Duration.ofMillis(200), LiveWriterCommand.parseDuration("PT0.2S"));
    }
}
