package io.brokerconnect.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Usage and connection problems end with exit code 2 and a message that says what to do; no report is written. */
class VerifyCommandTest {

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new VerifyCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
            .execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private Path sqlite() throws IOException, java.sql.SQLException {
        Path path = dir.resolve("small.sqlite3");
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(path).fileRows(1_000).seed(3).build());
        return path;
    }

    /** A local port nobody listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aMissingSqliteFileIsNamed() {
        Path missing = dir.resolve("nope.sqlite3");
        Result result = run("--sqlite", missing.toString(), "--pg-url", "jdbc:postgresql://localhost:1/x",
            "--report", dir.resolve("r").toString());
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains(missing.toString()) && result.err().contains("does not exist"), result.err());
        assertTrue(Files.notExists(dir.resolve("r.json")), "no report for a comparison that did not happen");
    }

    @Test
    void anUnreachablePostgresIsAConnectionErrorNotAMismatch() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/broker";
        Result result = run("--sqlite", sqlite().toString(), "--pg-url", url, "--pg-user", "broker", "--pg-sslmode",
            "disable", "--report", dir.resolve("r").toString());
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("Cannot read PostgreSQL at " + url), result.err());
        assertTrue(result.err().contains("--pg-url"), "says what to change: " + result.err());
    }

    @Test
    void anUnreachableConnectRestApiIsNamed() throws Exception {
        String connect = "http://127.0.0.1:" + closedPort();
        Result result = run("--sqlite", sqlite().toString(), "--pg-url", "jdbc:postgresql://localhost:1/x",
            "--up-to-offset", "--connect", connect);
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("Cannot read the source offsets from the Connect REST API at " + connect),
            result.err());
        assertTrue(result.err().contains("--files-rowid"), "offers the alternative: " + result.err());
    }

    @Test
    void rowidsComeInPairs() {
        Result result = run("--sqlite", "x.sqlite3", "--pg-url", "jdbc:postgresql://localhost:1/x", "--files-rowid", "5");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("Give both --files-rowid and --meta-rowid"), result.err());
    }

    @Test
    void sinceMustComeBeforeUntilAndTimesAreParsed() {
        Result result = run("--sqlite", "x.sqlite3", "--pg-url", "jdbc:postgresql://localhost:1/x",
            "--since", "2025-06-01", "--until", "1748736000");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("must be before --until"), result.err());
        Result unparsable = run("--sqlite", "x.sqlite3", "--since", "yesterday");
        assertEquals(2, unparsable.exitCode());
        assertTrue(unparsable.err().contains("'yesterday' is not epoch seconds"), unparsable.err());
    }

    @Test
    void helpDocumentsTheSemanticsAndExitCodes() {
        Result result = run("--help");
        assertEquals(0, result.exitCode());
        String help = result.out().replaceAll("\\s+", " "); // picocli wraps lines
        for (String expected : new String[] {"--up-to-offset", "before the oldest usable SQLite file whose rowid is past "
            + "the source's files offset", "go to its errors topic, never to PostgreSQL", "0 parity", "1 mismatch",
            "2 usage error"}) {
            assertTrue(help.contains(expected), "help mentions '" + expected + "':\n" + result.out());
        }
    }
}
