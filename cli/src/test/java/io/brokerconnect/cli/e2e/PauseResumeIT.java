package io.brokerconnect.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.connect.ConnectorState;
import io.brokerconnect.cli.pipeline.PipelineConfigs;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import io.brokerconnect.tools.generator.LiveBrokerWriter;
import io.brokerconnect.tools.generator.LiveWriterOptions;
import io.brokerconnect.testkit.connect.Await;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pause and resume of both connectors through Connect's REST API in the middle of the snapshot, while the broker
 * keeps writing: a paused sink holds no open transaction, a paused source emits nothing and the sink writes
 * nothing, and after resume every row (also those written while paused) arrives and verify passes.
 */
class PauseResumeIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    @Test
    void pausedConnectorsHoldNothingAndResumePicksUpEverything(PostgresDatabase db, @TempDir Path dir) throws Exception {
        try (E2ePipeline pipeline = E2ePipeline.start(dir, db, 200_000, 1)) {
            pipeline.deploy(1);
            // Paused in the middle of the snapshot, while the sink is busy writing.
            Await.until(E2ePipeline.TIMEOUT, () -> pipeline.countNow("SELECT count(*) FROM files") > 20_000,
                () -> "the load gets going");
            pipeline.rest.pause(PipelineConfigs.SINK);
            pipeline.rest.pause(PipelineConfigs.SOURCE);
            pipeline.rest.awaitState(PipelineConfigs.SINK, ConnectorState.PAUSED, E2ePipeline.TIMEOUT);
            pipeline.rest.awaitState(PipelineConfigs.SOURCE, ConnectorState.PAUSED, E2ePipeline.TIMEOUT);
            long filesAtPause = pipeline.countNow("SELECT count(*) FROM files");
            assertTrue(filesAtPause < 200_000, "paused before the snapshot was through: " + filesAtPause);
            // Once the put() in flight has committed, a paused sink holds no transaction open.
            Await.until(Duration.ofSeconds(30), () -> pipeline.countNow("SELECT count(*) FROM pg_stat_activity "
                    + "WHERE application_name = 'broker-connect-sink' AND xact_start IS NOT NULL") == 0,
                () -> "the paused sink holds no open transaction");

            long topicBefore = pipeline.cluster.endOffsetSum(PipelineConfigs.topics().files());
            long written;
            try (LiveBrokerWriter broker = LiveBrokerWriter.open(LiveWriterOptions.builder(pipeline.sqlite).build())) {
                for (int round = 0; round < 6; round++) {
                    broker.runRound();
                }
                written = broker.insertedRows();
            }
            assertTrue(written > 0, "the broker wrote new files while the connectors were paused");
            // Paused means paused: for many poll intervals nothing moves on either side.
            Await.holds(Duration.ofSeconds(3),
                () -> pipeline.cluster.endOffsetSum(PipelineConfigs.topics().files()) == topicBefore
                    && pipeline.countNow("SELECT count(*) FROM files") == filesAtPause,
                () -> "a paused source emits nothing (topic end " + topicBefore + ") and a paused sink writes nothing "
                    + "(files " + filesAtPause + ")");

            pipeline.rest.resume(PipelineConfigs.SOURCE);
            pipeline.rest.resume(PipelineConfigs.SINK);
            pipeline.awaitSynced();
            assertTrue(pipeline.verify(pipeline.verifyOptions()).parity(),
                "after resume every row is there, including the ones written while paused");
        }
    }
}
