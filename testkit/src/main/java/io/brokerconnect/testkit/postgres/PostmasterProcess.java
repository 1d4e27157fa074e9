package io.brokerconnect.testkit.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The postmaster of a data directory, found through its {@code postmaster.pid} file.
 *
 * <p>{@code pg_ctl start} daemonizes the server, so the JVM holds no {@link Process} for it: it keeps running when the
 * JVM dies, and its state can only be learned from the pid file and the process table. This class answers "is it
 * still running?" (to wait for a shut-down to finish) and, as a last resort when pg_ctl could not stop it, ends it.
 */
final class PostmasterProcess {

    private final Path dataDirectory;

    PostmasterProcess(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** The pid recorded by a running (or crashed) postmaster; empty when there is no pid file (after a clean stop). */
    OptionalLong recordedPid() {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** True while a postgres process with the recorded pid exists; a stale pid file of a crashed server is false. */
    boolean isAlive() {
        OptionalLong pid = recordedPid();
        return pid.isPresent() && isLivePostgres(pid.getAsLong());
    }

    /**
     * Ends the postmaster: SIGTERM first (PostgreSQL's "smart" shut-down, which finishes once no client is
     * connected), SIGKILL when that does not finish within {@code grace}. Only used where pg_ctl cannot be, e.g. for a
     * server left behind by a killed JVM or one whose start-up timed out.
     */
    void terminate(Duration grace) {
        OptionalLong pid = recordedPid();
        if (pid.isEmpty() || !isLivePostgres(pid.getAsLong())) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid.getAsLong());
        handle.ifPresent(ProcessHandle::destroy);
        try {
            Poll.until("postmaster " + pid.getAsLong() + " exits after SIGTERM", grace, () -> !isAlive());
        } catch (PostgresServerException stillRunning) {
            handle.ifPresent(ProcessHandle::destroyForcibly);
            Poll.until("postmaster " + pid.getAsLong() + " exits after SIGKILL", grace,
                () -> !isLivePostgres(pid.getAsLong()));
        }
    }

    /**
     * An immediate shut-down, as {@code pg_ctl stop -m immediate} sends it (SIGQUIT): every backend quits at once, no
     * shut-down checkpoint is written, and the next start runs crash recovery. Returns once the postmaster is gone.
     */
    void crash(Duration timeout) {
        OptionalLong pid = recordedPid();
        if (pid.isEmpty() || !isLivePostgres(pid.getAsLong())) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid.getAsLong())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new PostgresServerException("kill -QUIT " + pid.getAsLong() + " failed");
            }
        } catch (IOException e) {
            throw new PostgresServerException("Cannot signal postmaster " + pid.getAsLong() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresServerException("Interrupted while signalling postmaster " + pid.getAsLong(), e);
        }
        Poll.until("postmaster " + pid.getAsLong() + " exits after SIGQUIT", timeout,
            () -> !isLivePostgres(pid.getAsLong()));
    }

    /** The name check guards against a recycled pid now used by an unrelated process. */
    private static boolean isLivePostgres(long pid) {
        return ProcessTable.isRunning(pid)
            && ProcessTable.name(pid).map(name -> name.startsWith("postgres")).orElse(false);
    }
}
