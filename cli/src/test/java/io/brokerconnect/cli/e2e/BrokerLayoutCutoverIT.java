package io.brokerconnect.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brokerconnect.cli.BrokerConnect;
import io.brokerconnect.cli.connect.ConnectorState;
import io.brokerconnect.cli.connect.ConnectorStatus;
import io.brokerconnect.cli.pipeline.PipelineConfigs;
import io.brokerconnect.cli.offsets.SourceOffsets;
import io.brokerconnect.cli.verify.report.VerifyReport;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.layout.TargetLayouts;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import io.brokerconnect.tools.generator.LiveBrokerWriter;
import io.brokerconnect.tools.generator.LiveWriterOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * deploy/CUTOVER.md, steps 1 to 7, into upstream's {@code broker} layout, as {@link CutoverIT} plays it for the spec
 * layout: a live writer keeps adding crawl rounds to the broker's SQLite file; {@code schema migrate} and
 * {@code schema validate --target-layout broker} (through the launcher's command line) create and check the
 * catalog; the sink is deployed from {@code deploy/connect/sink-connector-broker-layout.json} (only the connection
 * settings replaced), then the source; the verify gates ({@code verify --target-layout broker} at the source's
 * committed offsets, through the command line) pass before and during the dual write, in which the broker writes the
 * same rounds to PostgreSQL with upstream's own statements ({@link UpstreamBrokerPostgresWriter}); the broker's reads
 * work there; SQLite writes stop; the connectors are paused and the final {@code verify --until} (two hours before
 * the switch) passes.
 *
 * <p>At the end: every file exactly once ({@code broker.file} holds every valid SQLite file plus exactly what the
 * broker wrote to it alone), {@code broker.latest_file} is the newest file of every collector and type, every round
 * is in {@code broker.update_meta} once (the dual-written ones with SQLite's whole-second timestamp, which the sink's
 * trigger keeps over the broker's {@code now()}), the broker logged no error, the sink dead-lettered nothing, and the
 * connectors were RUNNING while the pipeline idled and PAUSED before the final verify.
 *
 * <p>The gates pass the source's offsets to {@code verify} as {@code --files-rowid}/{@code --meta-rowid}, read
 * through Connect's offsets API after the sink has committed everything on the topics at that moment (as
 * {@link E2ePipeline#verifyUpToSourceOffset} does), instead of letting {@code --up-to-offset} read them itself:
 * the live writer adds a round every 150 ms, so offsets read by the command a moment later would include rows the
 * sink may not have applied yet.
 */
class BrokerLayoutCutoverIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final Duration ROUND_EVERY = Duration.ofMillis(150);
    private static final String LAYOUT = "broker";
    private static final String DEPLOYED_SINK = "deploy/connect/sink-connector-broker-layout.json";

    @Test
    void fromSqliteOnlyToTheBrokerLayoutWithUpstreamsStatements(PostgresDatabase db, @TempDir Path dir)
            throws Exception {
        long seed = Long.getLong("broker.cutover.seed", System.nanoTime());
        try (E2ePipeline pipeline = E2ePipeline.start(dir, db, 20_000, 1);
             LiveBrokerWriter broker = LiveBrokerWriter.start(LiveWriterOptions.builder(pipeline.sqlite)
                 .interval(ROUND_EVERY).build())) {
            Cli cli = new Cli(pipeline, dir);

            // 1. Backfill and tail, while the broker writes SQLite: schema, sink first, then the source.
            cli.assertExit0(cli.run("schema", "migrate"), "schema migrate --target-layout broker");
            cli.assertExit0(cli.run("schema", "validate"), "schema validate --target-layout broker");
            Map<String, String> sink = deployedSink(pipeline);
            pipeline.deploy(sink);
            CutoverSupport.awaitMoreRounds(broker, 10);
            // 2. Verify gate.
            cli.gate("verify-gate-1", pipeline.awaitSinkPastSourceOffsets());

            // 3. Dual write: the broker writes PostgreSQL itself too, with upstream's statements.
            UpstreamBrokerPostgresWriter upstream = new UpstreamBrokerPostgresWriter(db.connect(),
                CutoverSupport.configuredCollectors(pipeline.sqlite), seed);
            broker.writeAlsoTo(upstream);
            CutoverSupport.awaitMoreRounds(broker, 15);
            // 4. Verify gate while both write.
            cli.gate("verify-gate-2", pipeline.awaitSinkPastSourceOffsets());
            assertTrue(upstream.filesInserted.get() > 0, "the broker really wrote files to PostgreSQL first");

            // 5. Reads move to PostgreSQL: the broker's own queries work there.
            try (Connection reads = db.connect()) {
                assertTrue(UpstreamBrokerPostgresWriter.searchCount(reads) > 0, "search finds files");
                assertEquals(100, UpstreamBrokerPostgresWriter.searchFirstPage(reads, 100), "search's first page");
                assertTrue(UpstreamBrokerPostgresWriter.latestFiles(reads) > 0, "latest files");
                assertTrue(UpstreamBrokerPostgresWriter.latestUpdatesMeta(reads).isPresent(), "the newest meta row");
            }

            // 6. Stop SQLite writes: the broker writes PostgreSQL only; the pipeline idles.
            broker.stopWritingSqlite(); // waits for a round in flight: the counters below are exact
            long t6 = broker.brokerTime();
            long brokerFilesAtT6 = upstream.filesInserted.get();
            int dualWrittenRounds = upstream.metaRounds().size();
            CutoverSupport.awaitMoreRounds(broker, 10);
            broker.close();
            long postgresOnlyFiles = upstream.filesInserted.get() - brokerFilesAtT6;
            long postgresOnlyMeta = upstream.metaRounds().size() - dualWrittenRounds;
            assertTrue(postgresOnlyFiles > 0, "files written to PostgreSQL only after the switch");
            pipeline.awaitSynced(); // SQLite is frozen now: the pipeline drains (status: lag 0)
            for (String connector : List.of(PipelineConfigs.SOURCE, PipelineConfigs.SINK)) {
                ConnectorStatus status = pipeline.rest.status(connector);
                assertTrue(status.connectorAndTasksAre(ConnectorState.RUNNING), "idle, still running: " + status);
            }

            // 7. Pause, verify, retire.
            pipeline.rest.pause(PipelineConfigs.SOURCE);
            pipeline.rest.pause(PipelineConfigs.SINK);
            pipeline.rest.awaitState(PipelineConfigs.SOURCE, ConnectorState.PAUSED, E2ePipeline.TIMEOUT);
            pipeline.rest.awaitState(PipelineConfigs.SINK, ConnectorState.PAUSED, E2ePipeline.TIMEOUT);
            cli.assertExit0(cli.run("verify", "--sqlite", pipeline.sqlite.toString(), "--until",
                Long.toString(t6 - 7_200), "--report", dir.resolve("verify-final").toString()),
                "final verify --until two hours before the switch");
            cli.assertExit0(cli.run("schema", "validate"), "schema validate after the cutover");

            // No row lost, none duplicated: PostgreSQL holds every valid SQLite file and meta row plus exactly what
            // the broker wrote to it alone.
            VerifyReport all = pipeline.verify(pipeline.verifyOptions()
                .layout(TargetLayouts.create(LayoutName.BROKER, pipeline.postgres.schema())));
            VerifyReport.TableCount files = CutoverSupport.table(all, "files");
            VerifyReport.TableCount meta = CutoverSupport.table(all, "meta");
            String run = "seed " + seed + ", broker: " + upstream.filesInserted.get() + " files inserted ("
                + postgresOnlyFiles + " after the switch), " + upstream.metaRounds().size() + " meta rows ("
                + postgresOnlyMeta + " after), " + upstream.collectorsUpserted.get() + " collector upserts, "
                + upstream.skippedUncached.get() + " files of uncached collectors skipped, "
                + upstream.metaDeletedByRetention.get() + " meta rows deleted by retention";
            assertEquals(List.of(), upstream.errors(), "the broker logged no error; " + run);
            assertEquals(files.expected() + postgresOnlyFiles, files.postgres(), "files: " + files + "; " + run);
            assertEquals(files.postgres(), pipeline.count("SELECT count(*) FROM broker.file"), "verify read broker.file");
            assertEquals(0, pipeline.count("SELECT count(*) FROM (SELECT project_id, name FROM broker.collector "
                + "GROUP BY 1, 2 HAVING count(*) > 1) d"), "no collector twice");
            assertEquals(0, pipeline.count("SELECT count(*) FROM (SELECT DISTINCT ON (collector_id, data_type) "
                + "collector_id, data_type, ts_start, rough_size, exact_size FROM broker.file "
                + "ORDER BY collector_id, data_type, ts_start DESC) n FULL JOIN broker.latest_file l "
                + "USING (collector_id, data_type) WHERE n.ts_start IS DISTINCT FROM l.ts_start "
                + "OR n.rough_size IS DISTINCT FROM l.rough_size OR n.exact_size IS DISTINCT FROM l.exact_size"),
                "broker.latest_file is the newest file of every collector and type, and only that");
            assertEquals(meta.expected() + postgresOnlyMeta, meta.postgres(), "meta: " + meta + "; " + run);
            assertEquals(meta.postgres(), pipeline.count("SELECT count(*) FROM broker.update_meta"),
                "verify read broker.update_meta");
            assertEquals(List.of(), roundsNotExactlyOnce(db, upstream.metaRounds(), dualWrittenRounds),
                "each round the broker wrote is in broker.update_meta once, the dual-written ones with SQLite's "
                    + "whole-second timestamp; " + run);
            assertEquals(0, pipeline.cluster.endOffsetSum(
                sink.get("errors.deadletterqueue.topic.name")), "the sink dead-lettered nothing");

            pipeline.rest.delete(PipelineConfigs.SOURCE);
            pipeline.rest.delete(PipelineConfigs.SINK);
            upstream.close();
        }
    }

    /** deploy/connect/sink-connector-broker-layout.json with this test's connection settings in place of its own. */
    private static Map<String, String> deployedSink(E2ePipeline pipeline) throws Exception {
        Path file = Stream.iterate(Path.of("").toAbsolutePath(), p -> p != null, Path::getParent)
            .map(p -> p.resolve(DEPLOYED_SINK)).filter(Files::isRegularFile).findFirst()
            .orElseThrow(() -> new AssertionError(DEPLOYED_SINK + " not found above " + Path.of("").toAbsolutePath()));
        JsonNode deployed = new ObjectMapper().readTree(file.toFile());
        assertEquals(PipelineConfigs.SINK, deployed.path("name").asText(), "the runbook's sink name");
        Map<String, String> config = new LinkedHashMap<>();
        deployed.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        assertEquals(LAYOUT, config.get("target.layout"), file.toString());
        config.put("connection.url", pipeline.postgres.jdbcUrl());
        config.put("connection.user", pipeline.postgres.user());
        config.put("connection.password", pipeline.postgres.password().value());
        config.put("connection.sslmode", "disable");
        return config;
    }

    /**
     * Rounds the broker wrote that are not in broker.update_meta exactly once: the rows of the same round (same
     * duration and count, update_ts within 60 s: what the sink's trigger calls the same round) must be one, at
     * SQLite's whole second for a round SQLite also has (the first {@code dualWritten}), else at the broker's stamp.
     */
    private static List<String> roundsNotExactlyOnce(PostgresDatabase db, List<UpstreamBrokerPostgresWriter.MetaRound>
            rounds, int dualWritten) throws SQLException {
        List<String> wrong = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT update_ts FROM "
            + "broker.update_meta WHERE update_duration_seconds = ? AND insert_count = ? "
            + "AND update_ts BETWEEN ?::timestamptz - interval '60 seconds' AND ?::timestamptz + interval '60 seconds' "
            + "ORDER BY update_ts")) {
            for (int i = 0; i < rounds.size(); i++) {
                UpstreamBrokerPostgresWriter.MetaRound round = rounds.get(i);
                Instant expected = i < dualWritten ? Instant.ofEpochSecond(round.roundSecond()) : round.stamped();
                OffsetDateTime stamped = OffsetDateTime.ofInstant(round.stamped(), ZoneOffset.UTC);
                s.setLong(1, round.durationSeconds());
                s.setLong(2, round.insertCount());
                s.setObject(3, stamped);
                s.setObject(4, stamped);
                List<Instant> found = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getObject(1, OffsetDateTime.class).toInstant());
                    }
                }
                if (!found.equals(List.of(expected))) {
                    wrong.add("round " + i + " " + round + ": expected [" + expected + "], found " + found);
                }
            }
        }
        return wrong;
    }

    /** The launcher's command line ({@code bin/broker-connect}) against this test's PostgreSQL, broker layout. */
    private static final class Cli {

        record Run(int exitCode, String out, String err) {
        }

        private final E2ePipeline pipeline;
        private final List<String> postgres;

        Cli(E2ePipeline pipeline, Path dir) throws Exception {
            this.pipeline = pipeline;
            Path password = Files.writeString(dir.resolve("pgpass"), pipeline.db.password());
            this.postgres = List.of("--pg-url", pipeline.db.jdbcUrl(), "--pg-user", pipeline.db.user(),
                "--pg-password-file", password.toString(), "--pg-sslmode", "disable", "--target-layout", LAYOUT);
        }

        /** {@code broker-connect <command...> <PostgreSQL options> --target-layout broker <args...>}. */
        Run run(String... args) {
            List<String> all = new ArrayList<>();
            int command = args[0].equals("schema") ? 2 : 1;
            all.addAll(List.of(args).subList(0, command));
            all.addAll(postgres);
            all.addAll(List.of(args).subList(command, args.length));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine line = BrokerConnect.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
            int exit = line.execute(all.toArray(String[]::new));
            return new Run(exit, out.toString(), err.toString());
        }

        void assertExit0(Run run, String what) {
            if (run.exitCode() != 0) {
                System.out.println(run.out());
            }
            assertEquals(0, run.exitCode(), what + ":\n" + run.err() + tail(run.out()));
        }

        /** The runbook's verify gate at the source's committed offsets {@code source}. */
        void gate(String report, SourceOffsets source) {
            assertExit0(run("verify", "--sqlite", pipeline.sqlite.toString(), "--files-rowid",
                Long.toString(source.filesRowid()), "--meta-rowid", Long.toString(source.metaRowid()), "--report",
                pipeline.sqlite.resolveSibling(report).toString()), report + " (" + source + ")");
        }

        private static String tail(String out) {
            return out.length() > 4_000 ? out.substring(out.length() - 4_000) : out;
        }
    }
}
