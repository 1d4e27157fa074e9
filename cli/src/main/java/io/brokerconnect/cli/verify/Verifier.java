package io.brokerconnect.cli.verify;

import io.brokerconnect.cli.verify.compare.FilesComparison;
import io.brokerconnect.cli.verify.compare.MetaComparison;
import io.brokerconnect.cli.verify.compare.SortedBucketMerge;
import io.brokerconnect.cli.verify.model.CompareScope;
import io.brokerconnect.cli.verify.model.FileBucketKey;
import io.brokerconnect.cli.verify.read.PostgresReader;
import io.brokerconnect.cli.verify.read.PostgresSchemaCheck;
import io.brokerconnect.cli.verify.read.PostgresSnapshot;
import io.brokerconnect.cli.verify.read.SqliteReader;
import io.brokerconnect.cli.verify.read.SqliteSnapshot;
import io.brokerconnect.cli.verify.report.VerifyReport;
import io.brokerconnect.source.sqlite.BrokerSchemaCheck;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compares a broker SQLite database with PostgreSQL under the spec's conversions and returns a {@link VerifyReport}.
 *
 * <p>Both databases aggregate at the same time, each in its own thread: set-based GROUP BY queries per
 * day x collector x type (row count, content checksum, time range), streamed in key order through bounded queues
 * into one merge. Memory holds a day of buckets per side, never the rows. Sample rows are fetched afterwards, only
 * for mismatching buckets.
 *
 * <pre>{@code
 * VerifyReport report = Verifier.verify(VerifyOptions.builder(sqlitePath, connectionSettings)
 *         .since(instant).until(instant)                                                // optional window
 *         .upToOffsets(ConnectOffsetsClient.fetch(connectUrl, PipelineConfigs.SOURCE))  // optional
 *         .zeroSizesAsNull(true).samplesPerBucket(5).sampledBuckets(50).build());
 * report.parity();                       // true only on parity
 * report.mismatches();                   // one line per kind of mismatch
 * System.out.print(report.renderText(50));
 * report.writeMarkdown(Path.of("verify.md"));
 * report.writeJson(Path.of("verify.json"));
 * }</pre>
 *
 * <p>{@link #verify} throws {@link VerifyException}, with a message saying what to do, when it cannot compare.
 *
 * <p>A caller whose PostgreSQL side is not final yet (the quickstart, while the sink rebuilds what it deferred for
 * a first load) passes a {@link PostgresReady} gate: the SQLite side, usually the longer one, reads meanwhile and
 * PostgreSQL is read once the gate opens.
 */
public final class Verifier {

    /** Chunks of 512 buckets each that a reader may run ahead of the merge. */
    private static final int QUEUED_CHUNKS = 64;

    private Verifier() {
    }

    /** Blocks until PostgreSQL holds what is to be compared. */
    @FunctionalInterface
    public interface PostgresReady {
        PostgresReady NOW = () -> { };

        void await() throws Exception;
    }

    public static VerifyReport verify(VerifyOptions options) throws VerifyException, InterruptedException {
        return verify(options, PostgresReady.NOW);
    }

    /** Reads SQLite at once and PostgreSQL after {@code postgresReady} returns. */
    public static VerifyReport verify(VerifyOptions options, PostgresReady postgresReady)
        throws VerifyException, InterruptedException {
        long start = System.nanoTime();
        Optional<String> sqliteProblem = BrokerSchemaCheck.problemWith(options.sqlite(), Duration.ofSeconds(30));
        if (sqliteProblem.isPresent()) {
            throw new VerifyException(sqliteProblem.get());
        }
        PostgresReader postgresReader = new PostgresReader(options.postgres(), options.layout());
        BucketChannel<FileBucketKey> sqliteFiles = new BucketChannel<>("SQLite", QUEUED_CHUNKS);
        BucketChannel<FileBucketKey> postgresFiles = new BucketChannel<>("PostgreSQL", QUEUED_CHUNKS);
        CompletableFuture<CompareScope> scope = new CompletableFuture<>();
        ExecutorService threads = Executors.newFixedThreadPool(2, daemonThreads());
        try {
            Future<SqliteSnapshot> sqliteSide = threads.submit(
                producing(sqliteFiles, () -> new SqliteReader(options.sqlite(), options.window(), options.upToOffsets(),
                    options.zeroSizesAsNull()).read(scope, sqliteFiles)));
            Future<PostgresSnapshot> postgresSide = threads.submit(
                producing(postgresFiles, () -> {
                    postgresReady.await();
                    return postgresReader.read(scope, postgresFiles);
                }));
            FilesComparison files = new FilesComparison();
            try {
                SortedBucketMerge.merge(sqliteFiles, postgresFiles, files);
            } catch (RuntimeException e) {
                sqliteFiles.cancel();
                postgresFiles.cancel();
                throw rootFailure(options, sqliteSide, postgresSide, e);
            }
            SqliteSnapshot sqlite = result(options, sqliteSide, "SQLite");
            PostgresSnapshot postgres = result(options, postgresSide, "PostgreSQL");

            long samplesStart = System.nanoTime();
            MetaComparison meta = MetaComparison.of(sqlite.metaDays(), postgres.metaDays());
            MismatchSampler.Sampled sampled;
            try {
                sampled = new MismatchSampler(options, sqlite, postgresReader).sample(files.mismatches(), meta.mismatches());
            } catch (java.sql.SQLException e) {
                throw new VerifyException("Reading sample rows for the mismatching buckets failed: " + e.getMessage(), e);
            }
            double samplesSeconds = (System.nanoTime() - samplesStart) / 1e9;
            return new ReportAssembler(options, sqlite, postgres).assemble(files, meta, sampled,
                new VerifyReport.Timings(sqlite.filesAggregateSeconds(), postgres.filesAggregateSeconds(),
                    sqlite.seconds(), postgres.seconds(), samplesSeconds,
                    (System.nanoTime() - start) / 1e9));
        } finally {
            threads.shutdownNow();
        }
    }

    /** Runs a reader and always ends its channel, with the end marker or the reader's failure. */
    private static <T> Callable<T> producing(BucketChannel<FileBucketKey> channel, Callable<T> reader) {
        return () -> {
            try {
                T result = reader.call();
                channel.finish();
                return result;
            } catch (Throwable t) {
                channel.fail(t);
                throw t;
            }
        };
    }

    private static <T> T result(VerifyOptions options, Future<T> side, String name)
        throws VerifyException, InterruptedException {
        try {
            return side.get();
        } catch (ExecutionException e) {
            throw describe(options, name, e.getCause());
        }
    }

    /**
     * The failure to report when the merge stopped: a reader's own error rather than the cancellation it caused on
     * the other side, and SQLite's before PostgreSQL's (PostgreSQL waits for SQLite's scope, so it fails after it).
     */
    private static VerifyException rootFailure(VerifyOptions options, Future<SqliteSnapshot> sqliteSide,
                                         Future<PostgresSnapshot> postgresSide, RuntimeException mergeFailure)
        throws InterruptedException {
        Throwable sqlite = failureOf(sqliteSide);
        if (sqlite != null && !(sqlite instanceof CancellationException)) {
            postgresSide.cancel(true); // it may still be waiting for its gate
            return describe(options, "SQLite", sqlite);
        }
        Throwable postgres = failureOf(postgresSide);
        if (postgres != null && !(postgres instanceof CancellationException)) {
            return describe(options, "PostgreSQL", postgres);
        }
        throw mergeFailure;
    }

    private static Throwable failureOf(Future<?> future) throws InterruptedException {
        try {
            future.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        }
    }

    private static VerifyException describe(VerifyOptions options, String side, Throwable cause) {
        if (cause instanceof VerifyException verify) {
            return verify;
        }
        if (cause instanceof PostgresSchemaCheck.MissingTablesException) {
            return new VerifyException(cause.getMessage(), cause);
        }
        String where = side.equals("SQLite") ? "SQLite database " + options.sqlite()
            : "PostgreSQL at " + options.postgres().jdbcUrl() + " (user '" + options.postgres().user() + "', "
                + options.layout() + ")";
        String hint = side.equals("SQLite") ? "" : ". Check --pg-url/--pg-user/--pg-password-file or BROKER_DATABASE_*.";
        return new VerifyException("Cannot read " + where + ": " + cause.getMessage() + hint, cause);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "verify-reader-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
