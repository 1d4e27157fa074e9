package io.brokerconnect.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka Connect worker in a JVM of its own, started like {@code bin/connect-distributed.sh} starts one: the main
 * class of connect-runtime on a class path of Kafka's jars only, and the connectors reachable through
 * {@code plugin.path} alone. Its output goes to a log file the test can show when something fails.
 */
final class ConnectWorkerProcess implements AutoCloseable {

    static final String DISTRIBUTED = "org.apache.kafka.connect.cli.ConnectDistributed";
    static final String STANDALONE = "org.apache.kafka.connect.cli.ConnectStandalone";

    private final Process process;
    private final Path log;
    private final Thread killOnExit;

    private ConnectWorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        // if the test JVM exits without closing us (e.g. a timeout), do not leave a worker running
        this.killOnExit = new Thread(process::destroyForcibly, "kill-connect-worker-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts {@code mainClass} with the jars of {@code libs} as its class path and {@code arguments} (the worker
     * properties file first, for standalone mode followed by connector properties files).
     */
    static ConnectWorkerProcess start(Path libs, String mainClass, Path workDir, List<Path> arguments)
        throws IOException {
        Path logConfig = workDir.resolve("worker-log4j2.properties");
        Files.writeString(logConfig, String.join("\n",
            "appender.out.type = Console",
            "appender.out.name = OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d{HH:mm:ss,SSS}] %-5p %c{1} - %m%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = OUT",
            // the clients' config dumps would bury what matters
            "logger.clients.name = org.apache.kafka.clients",
            "logger.clients.level = WARN",
            "logger.common.name = org.apache.kafka.common",
            "logger.common.level = WARN", ""));
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-Djava.io.tmpdir=" + workDir,
            "-Dlog4j2.configurationFile=" + logConfig,
            "-cp", libs.toAbsolutePath() + "/*",
            mainClass));
        arguments.forEach(argument -> command.add(argument.toString()));
        Path log = workDir.resolve("worker.log");
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        return new ConnectWorkerProcess(process, log);
    }

    static Path writeProperties(Path file, Map<String, String> values) throws IOException {
        Properties properties = new Properties();
        properties.putAll(values);
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "written by ConnectWorkerProcessIT");
        }
        return file;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * SIGKILL ({@code destroyForcibly} on Linux), as {@code kill -9} or the OOM killer ends a worker: no shutdown
     * hook, no leaving the group, no last offset commit. Returns once the process is gone.
     */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The worker's output so far. */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the worker's log to {@code target} (kept after the test's temporary directory is gone). */
    void keepLog(Path target) throws IOException {
        if (Files.exists(log)) {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(log, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The last {@code lines} lines of the worker's output, for failure messages. */
    String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * Lines of the worker's log at ERROR level or naming a service-loader failure, except Connect's notice that it
     * creates the dead-letter queue topic (logged at ERROR by DeadLetterQueueReporter on a sink's first start).
     */
    List<String> errorLines() {
        return log().lines()
            .filter(line -> line.contains("] ERROR ") || line.contains("ServiceConfigurationError"))
            .filter(line -> !(line.contains("DeadLetterQueueReporter") && line.contains("Will attempt to create topic")))
            .toList();
    }

    /** Stops the worker: SIGTERM (a clean shutdown), then SIGKILL if it is not gone within 20 seconds. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting; the hook runs anyway and finds the process gone
        }
    }
}
