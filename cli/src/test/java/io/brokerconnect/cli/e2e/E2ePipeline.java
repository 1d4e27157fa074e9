package io.brokerconnect.cli.e2e;

import io.brokerconnect.cli.connect.ConnectRestClient;
import io.brokerconnect.cli.connect.ConnectorState;
import io.brokerconnect.cli.pipeline.PipelineConfigs;
import io.brokerconnect.cli.pipeline.PipelinePositions;
import io.brokerconnect.cli.pipeline.TablePosition;
import io.brokerconnect.cli.verify.ConnectOffsetsClient;
import io.brokerconnect.cli.offsets.SourceOffsets;
import io.brokerconnect.cli.verify.VerifyException;
import io.brokerconnect.cli.verify.Verifier;
import io.brokerconnect.cli.verify.VerifyOptions;
import io.brokerconnect.cli.verify.report.VerifyReport;
import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.layout.TargetLayouts;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;

/**
 * The whole pipeline for end-to-end tests, driven only through Connect's REST API: a generated broker SQLite file,
 * a real PostgreSQL database, an in-process KRaft broker with real distributed Connect workers, and the two
 * connectors deployed with the launcher's recommended configuration ({@link PipelineConfigs}). Without an
 * exactly-once source (all but {@link #startExactlyOnce}) a topic's end offset is its record count, which
 * {@link #awaitSynced} relies on; an exactly-once pipeline waits with {@link #awaitSyncedExactlyOnce} instead.
 */
final class E2ePipeline implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofMinutes(3);

    final Path sqlite;
    final PostgresDatabase db;
    final ConnectionSettings postgres;
    final ConnectCluster cluster;
    ConnectRestClient rest;
    /** The layout the sink was deployed with (null: the spec layout of {@link #deploy(Map)}). */
    private TargetLayout layout;

    private E2ePipeline(Path sqlite, PostgresDatabase db, ConnectCluster cluster) {
        this.sqlite = sqlite;
        this.db = db;
        this.postgres = ConnectionSettings.resolve(db.jdbcUrl(), db.user(), new Password(db.password()), "disable",
            "public", Map.of());
        this.cluster = cluster;
        this.rest = new ConnectRestClient(cluster.connect().workers().iterator().next().url().toString()
            .replaceAll("/+$", ""));
    }

    /** Generates {@code rows} files into {@code dir} and starts a cluster of {@code workers} workers. */
    static E2ePipeline start(Path dir, PostgresDatabase db, long rows, int workers) throws Exception {
        return new E2ePipeline(generate(dir, rows), db, ConnectCluster.builder("e2e").workers(workers).start());
    }

    /**
     * Generates {@code rows} files into {@code dir} and starts one worker as deploy/'s worker files configure it:
     * exactly-once source support (KIP-618; the source asks for it with {@code exactly.once.support} in
     * {@link #deploy(Map, Map)}) and plugins found through their service-loader manifests only, which also spares
     * the reflective scan of the whole test class path (most of a worker's start-up on a loaded machine).
     */
    static E2ePipeline startExactlyOnce(Path dir, PostgresDatabase db, long rows) throws Exception {
        return new E2ePipeline(generate(dir, rows), db, ConnectCluster.builder("e2e-eos").exactlyOnceSource()
            .workerProp("plugin.discovery", "service_load").start());
    }

    private static Path generate(Path dir, long rows) throws Exception {
        Path sqlite = dir.resolve("broker.sqlite3");
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(rows).damagedRows(12).build());
        return sqlite;
    }

    /** Sends REST calls to {@code worker} from now on (e.g. before the current one is removed). */
    void useWorker(org.apache.kafka.connect.util.clusters.WorkerHandle worker) {
        rest = new ConnectRestClient(worker.url().toString().replaceAll("/+$", ""));
    }

    void deploy(int sinkTasks) {
        deploy(sinkTasks, TargetLayouts.spec(postgres.schema()));
    }

    /** Deploys the pipeline writing {@code layout}; {@link #verifyOptions()} then reads the same layout. */
    void deploy(int sinkTasks, TargetLayout layout) {
        this.layout = layout;
        Map<String, String> sink = PipelineConfigs.sink(postgres, layout);
        sink.put("tasks.max", Integer.toString(sinkTasks));
        deploy(sink);
    }

    /** Deploys {@code sink} (with a short retry backoff), then the quickstart's source, as the runbook says. */
    void deploy(Map<String, String> sink) {
        deploy(sink, PipelineConfigs.source(sqlite));
    }

    /** Deploys {@code sink} (with a short retry backoff), then {@code source}, as the runbook says. */
    void deploy(Map<String, String> sink, Map<String, String> source) {
        sink.put("retry.backoff.ms", "200");
        cluster.connect().kafka().createTopic(sink.get("errors.deadletterqueue.topic.name"), 1);
        rest.putConfig(PipelineConfigs.SINK, sink);
        rest.putConfig(PipelineConfigs.SOURCE, source);
        rest.awaitState(PipelineConfigs.SINK, ConnectorState.RUNNING, TIMEOUT);
        rest.awaitState(PipelineConfigs.SOURCE, ConnectorState.RUNNING, TIMEOUT);
    }

    /** Until the source has read every SQLite row and the sink has committed every record. */
    void awaitSynced() throws SQLException, InterruptedException {
        try (PipelinePositions positions = new PipelinePositions(cluster::endOffsetSum, rest, sqlite)) {
            Await.until(TIMEOUT, () -> {
                failFast();
                return read(positions).stream().allMatch(TablePosition::synced)
                    && read(positions).stream().mapToLong(TablePosition::inPostgres).sum() > 0;
            }, () -> "the pipeline catches up: " + read(positions));
        }
    }

    /**
     * {@link #awaitSynced} for an exactly-once source, where a topic's end offset is no record count (commit markers
     * and aborted transactions' records take offsets too): until the source has committed offsets at SQLite's last
     * rows and the sink has committed every record a read_committed consumer can see on the topics.
     */
    void awaitSyncedExactlyOnce() throws SQLException, InterruptedException {
        var topics = PipelineConfigs.topics();
        try (PipelinePositions positions = new PipelinePositions(cluster::endOffsetSum, rest, sqlite);
             SinkCaughtUp sink = new SinkCaughtUp(cluster.bootstrapServers(), PipelineConfigs.SINK)) {
            Await.until(TIMEOUT, () -> {
                failFast();
                return read(positions).stream().allMatch(p -> p.unread() == 0)
                    && sink.caughtUp(List.of(topics.collectors(), topics.files(), topics.meta()));
            }, () -> "the pipeline catches up: " + read(positions));
        }
    }

    VerifyReport verify(VerifyOptions.Builder options) throws Exception {
        VerifyReport report = Verifier.verify(options.build());
        if (!report.parity()) {
            System.out.println(report.renderText(20));
        }
        return report;
    }

    /**
     * The cutover's verify gate while the broker writes: takes the source's committed offsets, waits until the sink
     * has committed everything on the topics at that moment (which includes every record up to those offsets), then
     * compares only what the source had emitted.
     */
    VerifyReport verifyUpToSourceOffset() throws Exception {
        return verify(verifyOptions().upToOffsets(awaitSinkPastSourceOffsets()));
    }

    /**
     * The source's committed offsets, returned once the sink has committed everything on the topics at the moment
     * they were read (which includes every record up to those offsets).
     */
    SourceOffsets awaitSinkPastSourceOffsets() throws Exception {
        SourceOffsets source = sourceOffsets();
        var topics = PipelineConfigs.topics();
        Map<String, Long> end = Map.of(topics.collectors(), cluster.endOffsetSum(topics.collectors()),
            topics.files(), cluster.endOffsetSum(topics.files()), topics.meta(), cluster.endOffsetSum(topics.meta()));
        Await.until(TIMEOUT, () -> end.entrySet().stream().allMatch(e ->
                cluster.sinkCommittedSum(PipelineConfigs.SINK, e.getKey()) >= e.getValue()),
            () -> "the sink commits everything the source had emitted: " + end);
        return source;
    }

    /** The source connector's committed rowids, read through the REST offsets API. */
    SourceOffsets sourceOffsets() throws VerifyException {
        return ConnectOffsetsClient.fromOffsets(rest.offsets(PipelineConfigs.SOURCE), "source offsets");
    }

    VerifyOptions.Builder verifyOptions() {
        return layout == null ? VerifyOptions.builder(sqlite, postgres)
            : VerifyOptions.builder(sqlite, postgres).layout(layout);
    }

    long count(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@link #count} for conditions: 0 while the table does not exist yet (the sink creates it when it starts). */
    long countNow(String sql) {
        try {
            return count(sql);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw new IllegalStateException(e);
        }
    }

    /** The source connector's committed files rowid (0 before its first commit). */
    long sourceFilesRowid() {
        try {
            return sourceOffsets().filesRowid();
        } catch (VerifyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Throws as soon as REST reports either connector or any of their tasks FAILED. */
    void failFast() {
        for (String name : List.of(PipelineConfigs.SOURCE, PipelineConfigs.SINK)) {
            var status = rest.status(name);
            if (status.anyFailed()) {
                throw new AssertionError(name + " failed: " + status.failures());
            }
        }
    }

    private static List<TablePosition> read(PipelinePositions positions) {
        try {
            return positions.read();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        cluster.close();
    }
}
