package io.brokerconnect.cli.quickstart;

import io.brokerconnect.cli.common.PostgresOptions;
import io.brokerconnect.cli.common.TargetLayoutOptions;
import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quickstart}: the whole migration on one machine. Prepares the inputs (the given SQLite file or a generated
 * sample; the configured PostgreSQL or a throwaway one), then hands over to {@link QuickstartRun}, which starts
 * Kafka and Connect, deploys both connectors, shows progress, verifies and tails.
 */
@Command(
        name = "quickstart",
        mixinStandardHelpOptions = true,
        description = {
            "Migrate a broker SQLite database to PostgreSQL on this machine: starts an embedded Kafka (KRaft) and a "
                + "Connect worker in distributed mode (REST API on localhost), deploys the source and sink "
                + "connectors, shows progress per table, verifies when the snapshot is done, then keeps tailing "
                + "the SQLite file until Ctrl-C.",
            "PostgreSQL: the one --pg-url or the BROKER_DATABASE_* variables name, else a throwaway local server."},
        sortOptions = false)
public final class QuickstartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--sqlite", paramLabel = "PATH",
            description = "Broker SQLite database to migrate (read-only). Default: generate a realistic sample.")
    Path sqlite;

    @Option(names = "--rows", defaultValue = "1000000", paramLabel = "N",
            description = "Files rows of the generated sample when no --sqlite is given (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--exit-when-synced",
            description = "Exit once PostgreSQL has caught up with the SQLite file: 0 if verify passes, 1 if not.")
    boolean exitWhenSynced;

    @Option(names = "--timeout", defaultValue = "PT2H", paramLabel = "DURATION",
            description = "With --exit-when-synced: give up (exit 1) if not synced within this time "
                + "(default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--rest-port", defaultValue = "8083", paramLabel = "PORT",
            description = "Port of the Connect REST API on localhost (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int restPort;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the sample, the throwaway PostgreSQL, secrets, reports and the log go "
                + "(default: ./broker-connect-quickstart).")
    Path workDir;

    @Mixin
    PostgresOptions postgres;

    @Mixin
    TargetLayoutOptions target;

    @Override
    public Integer call() throws Exception {
        Path dir = (workDir != null ? workDir : Path.of("broker-connect-quickstart")).toAbsolutePath();
        Files.createDirectories(dir);
        // Before anything logs: Kafka, Connect and the connectors log to this file, the terminal shows progress.
        System.setProperty("broker.connect.log", dir.resolve("broker-connect.log").toString());
        PrintWriter out = spec.commandLine().getOut();
        Path database = sqlite != null ? existing(sqlite) : sample(dir, out);

        if (postgres.isConfigured() && !reachable(postgres.settings(), out)) {
            return 2;
        }
        QuickstartRun run = new QuickstartRun(out, dir, database, restPort);
        // Ctrl-C (and a plain kill or hang-up) stop the run from a signal handler, not through JVM shutdown hooks: the
        // embedded Kafka deletes its log directories in a shutdown hook of its own, and a broker that loses them
        // mid-run halts the JVM before Connect, Kafka and the throwaway PostgreSQL could be stopped in order.
        try (InterruptHandler ignored = InterruptHandler.install(run::stop, () -> System.err.println(
                 "broker-connect: shutting down Connect, Kafka and PostgreSQL, please wait"));
             QuickstartPostgres pg = QuickstartPostgres.open(postgres.isConfigured() ? postgres.settings() : null,
                 dir)) {
            return run.execute(pg, layout(pg), exitWhenSynced, timeout);
        }
    }

    /**
     * A configured PostgreSQL is checked before anything starts: the sink would wait for an unreachable one for its
     * whole retry budget (minutes) before failing, which is right for an outage but not for a wrong URL.
     */
    private static boolean reachable(ConnectionSettings settings, PrintWriter out) {
        try (Connection ignored = new PostgresConnections(settings, "broker-connect-quickstart").getConnection()) {
            return true;
        } catch (SQLException e) {
            out.println("Cannot connect to PostgreSQL at " + settings.jdbcUrl() + " as " + settings.user() + ": "
                + e.getMessage() + " Check --pg-url, --pg-user, --pg-password-file and --pg-sslmode (or the "
                + "BROKER_DATABASE_* variables), or leave them out for a throwaway PostgreSQL.");
            out.flush();
            return false;
        }
    }

    private TargetLayout layout(QuickstartPostgres database) {
        try {
            return target.layout(postgres, database.settings());
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Path existing(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "--sqlite " + path + " does not exist or is not a file");
        }
        return path.toAbsolutePath();
    }

    private Path sample(Path dir, PrintWriter out) throws Exception {
        Path path = dir.resolve("broker-sample.sqlite3");
        out.printf("No --sqlite given: generating a sample broker database with %,d files rows -> %s%n", rows, path);
        out.flush();
        long started = System.nanoTime();
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(path).fileRows(rows).build());
        out.printf("  generated in %.1f s%n", (System.nanoTime() - started) / 1e9);
        return path;
    }
}
