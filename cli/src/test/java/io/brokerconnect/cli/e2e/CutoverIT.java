package io.brokerconnect.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.connect.ConnectorState;
import io.brokerconnect.cli.pipeline.PipelineConfigs;
import io.brokerconnect.cli.verify.report.VerifyReport;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import io.brokerconnect.tools.generator.LiveBrokerWriter;
import io.brokerconnect.tools.generator.LiveWriterOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/CUTOVER.md played end to end: a live writer keeps adding crawl rounds to the broker's SQLite file the way
 * the broker does, the pipeline backfills and tails, verify gates pass while it writes, the broker switches to dual
 * write (its own PostgreSQL statements, {@link BrokerPostgresWriter}) and later to PostgreSQL only; then the
 * connectors are paused and the final verify passes, with no row lost and none duplicated.
 */
class CutoverIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final Duration ROUND_EVERY = Duration.ofMillis(150);

    @Test
    void fromSqliteOnlyToPostgresOnlyWithoutLosingARow(PostgresDatabase db, @TempDir Path dir) throws Exception {
        try (E2ePipeline pipeline = E2ePipeline.start(dir, db, 20_000, 1);
             LiveBrokerWriter broker = LiveBrokerWriter.start(LiveWriterOptions.builder(pipeline.sqlite)
                 .interval(ROUND_EVERY).build())) {
            // 1. Backfill and tail, while the broker writes SQLite.
            pipeline.deploy(1);
            CutoverSupport.awaitMoreRounds(broker, 10);
            // 2. Verify gate.
            assertTrue(pipeline.verifyUpToSourceOffset().parity(), "gate 1 (backfill + tail)");

            // 3. Dual write: the broker writes PostgreSQL itself too; the pipeline keeps running.
            BrokerPostgresWriter brokerPostgres = new BrokerPostgresWriter(db.connect(),
                CutoverSupport.configuredCollectors(pipeline.sqlite));
            broker.writeAlsoTo(brokerPostgres);
            CutoverSupport.awaitMoreRounds(broker, 15);
            // 4. Verify gate while both write.
            assertTrue(pipeline.verifyUpToSourceOffset().parity(), "gate 2 (dual write)");
            assertTrue(brokerPostgres.filesInserted.get() > 0, "the broker really wrote files to PostgreSQL first");

            // 5. Reads move to PostgreSQL: the broker's own queries work there.
            assertTrue(pipeline.count("SELECT count(*) FROM files_view") > 0);
            assertTrue(pipeline.count("SELECT count(*) FROM latest_view") > 0);

            // 6. Stop SQLite writes: the broker writes PostgreSQL only.
            broker.stopWritingSqlite(); // waits for a round in flight: the counters below are exact
            long t6 = broker.brokerTime();
            long brokerFilesAtT6 = brokerPostgres.filesInserted.get();
            long brokerMetaAtT6 = brokerPostgres.metaInserted.get();
            CutoverSupport.awaitMoreRounds(broker, 10);
            broker.close();
            long postgresOnlyFiles = brokerPostgres.filesInserted.get() - brokerFilesAtT6;
            long postgresOnlyMeta = brokerPostgres.metaInserted.get() - brokerMetaAtT6;
            assertTrue(postgresOnlyFiles > 0, "files written to PostgreSQL only after the switch");

            // 7. Pause, verify, retire.
            pipeline.awaitSynced(); // SQLite is frozen now: the pipeline drains
            pipeline.rest.pause(PipelineConfigs.SOURCE);
            pipeline.rest.pause(PipelineConfigs.SINK);
            pipeline.rest.awaitState(PipelineConfigs.SINK, ConnectorState.PAUSED, E2ePipeline.TIMEOUT);
            VerifyReport last = pipeline.verify(pipeline.verifyOptions().until(Instant.ofEpochSecond(t6 - 7_200)));
            assertTrue(last.parity(), "final verify up to two hours before the switch");

            // No row lost, none duplicated: PostgreSQL holds every valid SQLite file and meta row plus exactly what
            // the broker wrote to it alone.
            VerifyReport all = pipeline.verify(pipeline.verifyOptions());
            VerifyReport.TableCount files = CutoverSupport.table(all, "files");
            VerifyReport.TableCount meta = CutoverSupport.table(all, "meta");
            assertEquals(files.expected() + postgresOnlyFiles, files.postgres(), "files: " + files);
            assertEquals(meta.expected() + postgresOnlyMeta, meta.postgres(), "meta: " + meta);
            assertEquals(0, pipeline.count("SELECT count(*) FROM latest l WHERE l.ts IS DISTINCT FROM (SELECT max(f.ts) "
                + "FROM files f JOIN collectors c ON c.id = f.collector_id WHERE c.name = l.collector_name "
                + "AND f.data_type::text = l.type)"), "latest is the newest file of every collector and type");
            assertEquals(pipeline.count("SELECT count(*) FROM (SELECT DISTINCT update_ts, update_duration, "
                + "insert_count FROM meta) m"), pipeline.count("SELECT count(*) FROM meta"), "no meta round twice");

            pipeline.rest.delete(PipelineConfigs.SOURCE);
            pipeline.rest.delete(PipelineConfigs.SINK);
            brokerPostgres.close();
        }
    }
}
