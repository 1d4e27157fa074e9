package io.brokerconnect.cli.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code bin/broker-connect} run as its own process on the launcher jar built before the ITs, output in a file. */
final class LauncherProcess {

    private LauncherProcess() {
    }

    private static final Path SCRIPT = Path.of("..", "bin", "broker-connect").toAbsolutePath().normalize();

    private static void assertJarBuilt() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            if (files.noneMatch(f -> f.getFileName().toString().matches("broker-connect-cli-[^-]+(-SNAPSHOT)?\\.jar"))) {
                throw new AssertionError("the launcher jar is built before the ITs run (else the script would build)");
            }
        }
    }

    /**
     * Starts the launcher with {@code jvmOptions} (its JAVA_OPTS) and {@code args}, output to {@code log}. {@code env
     * --default-signal=INT}: a build started in the background (nohup, "&" in a script) runs with SIGINT ignored, which
     * the JVM inherits and then never delivers; Ctrl-C in a terminal is what the tests mean.
     */
    static Process start(Path log, List<String> jvmOptions, String... args) throws IOException {
        assertJarBuilt();
        // No class-data archive: writing one at exit would stretch the shutdowns these tests time.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
            "JAVA_OPTS=" + String.join(" ", jvmOptions), "BROKER_CONNECT_CDS=0", SCRIPT.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Processes whose command line names {@code dir}: the local PostgreSQL runs detached from the launcher. */
    static List<ProcessHandle> processesUsing(Path dir) {
        String name = dir.toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(name)).toList();
    }
}
