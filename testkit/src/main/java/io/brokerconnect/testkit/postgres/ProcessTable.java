package io.brokerconnect.testkit.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Optional;

/**
 * Looks up processes that are not children of this JVM: the daemonized postmaster, and the JVM that owns a server.
 *
 * <p>{@link ProcessHandle#isAlive()} counts a zombie as alive, and processes that are not our children (a postmaster
 * re-parented to init, a killed test JVM) can stay zombies for a while until init reaps them. On Linux the process
 * state is therefore read from /proc; elsewhere the JDK's answer is the best available.
 */
final class ProcessTable {

    private static final boolean HAS_PROC = Files.isDirectory(Paths.get("/proc/self"));

    private ProcessTable() {
    }

    /** True when {@code pid} exists and has not exited (a zombie has exited). */
    static boolean isRunning(long pid) {
        if (!HAS_PROC) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        return stat(pid).map(stat -> {
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        }).orElse(false);
    }

    /** The executable name of {@code pid} as the kernel reports it (e.g. "postgres"), if known. */
    static Optional<String> name(long pid) {
        if (!HAS_PROC) {
            return ProcessHandle.of(pid).flatMap(handle -> handle.info().command())
                .map(command -> Paths.get(command).getFileName().toString());
        }
        return stat(pid).map(stat -> stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
    }

    /** When {@code pid} started; together with the pid it identifies a process even after the pid is reused. */
    static Optional<Instant> startInstant(long pid) {
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().startInstant());
    }

    private static Optional<String> stat(long pid) {
        Path stat = Paths.get("/proc", Long.toString(pid), "stat");
        try {
            return Optional.of(Files.readString(stat, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no such process (any more)
        }
    }
}
