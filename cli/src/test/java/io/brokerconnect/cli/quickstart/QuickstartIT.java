package io.brokerconnect.cli.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.BrokerConnect;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's main job, run as a newcomer runs it (no PostgreSQL configured, no SQLite file given): a generated
 * sample goes through an embedded Kafka and a real distributed Connect worker into a throwaway PostgreSQL, verify
 * passes, and {@code --exit-when-synced} exits 0; and an unreachable PostgreSQL ends it non-zero with the reason.
 */
class QuickstartIT {

    @Test
    void generatedSampleIsMigratedVerifiedAndTheRunExitsZero(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        int code = run(out, "quickstart", "--rows", "20000", "--exit-when-synced", "--timeout", "PT4M",
            "--rest-port", "0", "--work-dir", dir.toString());
        String text = out.toString();
        assertEquals(0, code, text);
        assertTrue(text.contains("Snapshot done"), text);
        assertTrue(text.contains("files:") && text.contains("100%"), "a progress bar per table: " + text);
        assertTrue(text.contains("Connect REST API:") && text.contains("PostgreSQL:") && text.contains("Topics:"),
            "where everything is: " + text);
        assertTrue(Files.size(dir.resolve("verify-report.md")) > 0 && Files.size(dir.resolve("verify-report.json")) > 0,
            "the verify report is written");
        assertTrue(Files.readString(dir.resolve("verify-report.json")).contains("\"parity\""));
        assertTrue(Files.exists(dir.resolve("broker-sample.sqlite3")));
    }

    @Test
    void unreachablePostgresFailsTheRunWithTheReason(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        int code = run(out, "quickstart", "--rows", "2000", "--exit-when-synced", "--timeout", "PT2M",
            "--rest-port", "0", "--work-dir", dir.toString(),
            "--pg-url", "jdbc:postgresql://127.0.0.1:9/nowhere", "--pg-sslmode", "disable");
        assertNotEquals(0, code, out.toString());
        assertTrue(out.toString().contains("broker-postgres-sink FAILED"), out.toString());
        assertTrue(out.toString().contains("127.0.0.1:9") || out.toString().contains("Connection"), out.toString());
    }

    private static int run(StringWriter out, String... args) {
        CommandLine commandLine = BrokerConnect.commandLine();
        PrintWriter writer = new PrintWriter(out, true);
        commandLine.setOut(writer);
        commandLine.setErr(writer);
        return commandLine.execute(args);
    }
}
