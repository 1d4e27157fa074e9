package io.brokerconnect.cli.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertTrue(java.util.regex.Pattern.compile("(?m)^files:\\s+100%\\|█+\\| 20\\.0k/20\\.0k").matcher(text).find(),
            "a progress bar per table, files at 100%: " + text);
        assertTrue(text.contains("Connect REST API:") && text.contains("PostgreSQL:") && text.contains("Topics:"),
            "where everything is: " + text);
        assertTrue(Files.size(dir.resolve("verify-report.md")) > 0 && Files.size(dir.resolve("verify-report.json")) > 0,
            "the verify report is written");
        assertTrue(Files.readString(dir.resolve("verify-report.json")).contains("\"parity\""));
        assertTrue(Files.exists(dir.resolve("broker-sample.sqlite3")));
    }

    @Test
    void generatedSampleIsMigratedIntoTheBrokerLayoutAndVerifiedThere(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        int code = run(out, "quickstart", "--rows", "5000", "--exit-when-synced", "--timeout", "PT4M",
            "--rest-port", "0", "--work-dir", dir.toString(), "--target-layout", "broker");
        String text = out.toString();
        assertEquals(0, code, text);
        assertTrue(text.contains("Target:                  broker layout (broker)"), text);
        assertTrue(text.contains("Snapshot done") && text.contains(": PARITY"), text);
        assertTrue(Files.readString(dir.resolve("verify-report.json")).contains("catalog: the broker layout (broker)"),
            "verify read the broker layout");
    }

    @Test
    void unreachablePostgresFailsTheRunWithTheReason(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        int code = run(out, "quickstart", "--rows", "2000", "--exit-when-synced", "--timeout", "PT2M",
            "--rest-port", "0", "--work-dir", dir.toString(),
            "--pg-url", "jdbc:postgresql://127.0.0.1:9/nowhere", "--pg-sslmode", "disable");
        assertEquals(2, code, out.toString());
        assertTrue(out.toString().contains("Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:9/nowhere"),
            out.toString());
        assertFalse(out.toString().contains("Starting Kafka"), "checked before anything starts: " + out);
    }

    /**
     * Without --exit-when-synced the quickstart tails until Ctrl-C. Run as its own process from the built launcher
     * jar (as bin/broker-connect runs it), it is interrupted (SIGINT, what Ctrl-C sends) once tailing, and must stop
     * Connect, Kafka and the throwaway PostgreSQL and exit.
     */
    @Test
    void ctrlCWhileTailingShutsEverythingDown(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("stdout.txt");
        Process process = LauncherProcess.start(log, java.util.List.of("-Xmx1g"), "quickstart",
            "--rows", "3000", "--rest-port", "0", "--work-dir", dir.resolve("work").toString());
        try {
            io.brokerconnect.testkit.connect.Await.until(java.time.Duration.ofMinutes(3),
                () -> read(log).contains("Tailing"), () -> "the quickstart starts tailing: " + read(log));
            // pg_ctl starts the server detached, so find it by its data directory under the work directory.
            java.util.List<ProcessHandle> children = LauncherProcess.processesUsing(dir.resolve("work"));
            assertTrue(children.stream().anyMatch(c -> c.info().commandLine().orElse("").contains("postgres")),
                "the local PostgreSQL runs with its data under the work directory");
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS), "exits after Ctrl-C: " + read(log));
            assertEquals(0, process.exitValue(), "Ctrl-C while tailing is a normal end: " + read(log));
            assertTrue(read(log).contains("Shutting down Connect, Kafka and the local PostgreSQL"), read(log));
            // The server removes its pid file (which is what pg_ctl stop waits for) just before its process ends.
            io.brokerconnect.testkit.connect.Await.until(java.time.Duration.ofSeconds(10),
                () -> children.stream().noneMatch(ProcessHandle::isAlive),
                () -> "no PostgreSQL server is left running: " + children.stream().filter(ProcessHandle::isAlive)
                    .map(c -> c.pid() + " " + c.info().commandLine().orElse("?")).toList());
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            // A failed run must not leave its (detached) PostgreSQL server behind: stop it politely (SIGTERM).
            LauncherProcess.processesUsing(dir.resolve("work")).forEach(ProcessHandle::destroy);
        }
    }

    private static String read(Path file) {
        return LauncherProcess.read(file);
    }

    private static int run(StringWriter out, String... args) {
        CommandLine commandLine = BrokerConnect.commandLine();
        PrintWriter writer = new PrintWriter(out, true);
        commandLine.setOut(writer);
        commandLine.setErr(writer);
        return commandLine.execute(args);
    }
}
