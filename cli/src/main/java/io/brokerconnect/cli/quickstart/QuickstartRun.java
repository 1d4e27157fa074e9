package io.brokerconnect.cli.quickstart;

import io.brokerconnect.cli.connect.ConnectRestClient;
import io.brokerconnect.cli.connect.ConnectRestException;
import io.brokerconnect.cli.connect.ConnectorStatus;
import io.brokerconnect.cli.offsets.SourceOffsets;
import io.brokerconnect.cli.pipeline.PipelineConfigs;
import io.brokerconnect.cli.pipeline.PipelineOptions;
import io.brokerconnect.cli.pipeline.PipelinePositions;
import io.brokerconnect.cli.verify.Verifier;
import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.config.SchemaManagement;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.schema.SchemaManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One quickstart run once its inputs exist: starts Kafka and a distributed Connect worker, deploys the connectors,
 * shows progress until PostgreSQL has caught up, verifies, prints where everything is, then tails (or returns).
 */
final class QuickstartRun {

    /** How often progress is read and shown; also how soon after the sink catches up the run notices it. */
    private static final Duration REFRESH = Duration.ofMillis(500);

    private final PrintWriter out;
    private final WorkDirectory work;
    private final Path workDir;
    private final Path sqlite;
    private final int restPort;
    private final boolean interactive = System.console() != null;
    private volatile boolean stopping;

    private final PipelineOptions options;

    QuickstartRun(PrintWriter out, WorkDirectory work, Path sqlite, int restPort, PipelineOptions options) {
        this.options = options;
        this.out = out;
        this.work = work;
        this.workDir = work.root();
        this.sqlite = sqlite;
        this.restPort = restPort;
    }

    /** Asks a running {@link #execute} to shut down (Ctrl-C). */
    void stop() {
        stopping = true;
    }

    int execute(QuickstartPostgres postgres, TargetLayout layout, boolean exitWhenSynced, Duration timeout)
        throws Exception {
        Path secrets = writeSecrets(postgres);
        print("Starting Kafka (KRaft, 1 broker) and a Connect worker (distributed mode) ...");
        long started = System.nanoTime();
        CompletableFuture<Void> schema = prepareSchema(postgres, layout);
        try (LocalKafkaConnect cluster = LocalKafkaConnect.start(work.kafka(), restPort)) {
            String rest = cluster.restUrl().toString().replaceAll("/+$", "");
            ConnectRestClient client = new ConnectRestClient(rest);
            print("  Kafka bootstrap servers: " + cluster.bootstrapServers());
            print("  Connect REST API:        " + rest);
            print("  PostgreSQL:              " + postgres.describe());
            print("  Target:                  " + layout);
            if (cluster.resumed()) {
                print(String.format("Resuming the run kept in %s: Kafka holds %,d files records from it, and the "
                    + "connectors go on from their committed offsets (--fresh starts over).", workDir,
                    cluster.endOffsetSum(PipelineConfigs.topics().files())));
            }
            Map<String, String> sink = PipelineConfigs.sink(postgres.settings(), layout, options);
            sink.put("connection.password", "${file:" + secrets + ":password}");
            cluster.createTopic(sink.get("errors.deadletterqueue.topic.name"));
            awaitSchema(schema);
            client.putConfig(PipelineConfigs.SINK, sink);
            client.putConfig(PipelineConfigs.SOURCE, PipelineConfigs.source(sqlite, options));
            print("Deployed " + PipelineConfigs.SOURCE + " (" + sqlite + ") and " + PipelineConfigs.SINK + ".");

            try (PipelinePositions positions = new PipelinePositions(cluster::endOffsetSum, client, sqlite)) {
                SyncLoop loop = new SyncLoop(positions, out, interactive);
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!stopping && !loop.refresh()) {
                    failIfConnectorFailed(client);
                    if (exitWhenSynced && System.nanoTime() > deadline) {
                        print("Not synced after " + timeout + ": giving up.");
                        return 1;
                    }
                    Thread.sleep(REFRESH.toMillis());
                }
                if (stopping) {
                    return 130;
                }
                loop.release();
                // What the source had read when everything was synced: the verification compares exactly that,
                // so rows the broker writes meanwhile (a live file) do not count as mismatches.
                SourceOffsets syncedAt = positions.sourceOffsets();
                double seconds = (System.nanoTime() - started) / 1e9;
                long rows = loop.rowsInPostgres();
                print(String.format("Snapshot done: %,d records in PostgreSQL in %.1f s (%,.0f rows/s end to end, "
                    + "including start-up); %,d damaged rows went to %s.", rows, seconds, rows / seconds,
                    positions.rejected(), PipelineConfigs.topics().errors()));
                // The rebuild can delete copies of records stored twice, so PostgreSQL is compared after it; the
                // SQLite side (its GROUP BY over every row) runs during it.
                Verifier.PostgresReady rebuilt = () -> {
                    if (!FirstLoadWait.await(postgres.settings(), layout, deadline, out)) {
                        print("The sink has not rebuilt the indexes it deferred for the first load within " + timeout
                            + "; it does so when it next runs (see the log).");
                    }
                };
                boolean verified = QuickstartVerification.run(sqlite, postgres.settings(), layout, syncedAt,
                    options.filesSince(), rebuilt, workDir, out);
                printWhereEverythingIs(rest, cluster, postgres);
                if (exitWhenSynced) {
                    return verified ? 0 : 1;
                }
                loop.release();
                print("Tailing " + sqlite + " (new rows reach PostgreSQL within about a second). Ctrl-C stops.");
                while (!stopping) {
                    failIfConnectorFailed(client);
                    loop.refresh();
                    Thread.sleep(REFRESH.toMillis());
                }
                return 0;
            }
        } finally {
            print("Shutting down Connect, Kafka" + (postgres.isLocal() ? " and the local PostgreSQL" : "")
                + " ...");
        }
    }

    /**
     * Migrates the target schema while Kafka and Connect start (the sink would do it first thing when its tasks
     * start, after them): its tasks then find the schema at the current version and start writing at once. With
     * --skip-schema there is nothing to prepare.
     */
    private CompletableFuture<Void> prepareSchema(QuickstartPostgres postgres, TargetLayout layout) {
        if (options.schemaManagement() != SchemaManagement.MIGRATE) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> new SchemaManager(layout,
            new PostgresConnections(postgres.settings(), "broker-connect-quickstart")).apply(SchemaManagement.MIGRATE));
    }

    private static void awaitSchema(CompletableFuture<Void> schema) throws InterruptedException {
        try {
            schema.get();
        } catch (ExecutionException e) {
            throw new QuickstartException("Preparing the target schema failed: " + e.getCause().getMessage());
        }
    }

    private void printWhereEverythingIs(String rest, LocalKafkaConnect cluster, QuickstartPostgres postgres) {
        print("");
        print("Where everything is:");
        print("  Connect REST API:   " + rest + "   (e.g. curl " + rest + "/connectors?expand=status)");
        print("  Kafka:              " + cluster.bootstrapServers());
        print("  Topics:             " + String.join(", ", PipelineConfigs.topics().all()) + ", "
            + PipelineConfigs.PREFIX + ".sink.dlq");
        print("  PostgreSQL:         " + postgres.describe());
        print("  SQLite (read-only): " + sqlite);
        print("  Work directory:     " + workDir + " (log: broker-connect.log, verify report: verify-report.md/json)");
    }

    private void failIfConnectorFailed(ConnectRestClient client) {
        for (String name : List.of(PipelineConfigs.SOURCE, PipelineConfigs.SINK)) {
            ConnectorStatus status;
            try {
                status = client.status(name);
            } catch (ConnectRestException e) {
                continue; // not yet visible to the REST API
            }
            if (status.anyFailed()) {
                throw new QuickstartException(name + " FAILED (full trace in " + workDir.resolve("broker-connect.log")
                    + " and at " + client.baseUrl() + "/connectors/" + name + "/status):\n  "
                    + String.join("\n  ", status.failures()));
            }
        }
    }

    /** The sink's password goes to Connect as a FileConfigProvider reference, not as a value in its config. */
    private Path writeSecrets(QuickstartPostgres postgres) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve("secrets"));
        Path file = dir.resolve("postgres.properties");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("password", postgres.settings().password().value());
        try (var writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "PostgreSQL password for the quickstart's sink connector");
        }
        return file;
    }

    private void print(String line) {
        out.println(line);
        out.flush();
    }
}
