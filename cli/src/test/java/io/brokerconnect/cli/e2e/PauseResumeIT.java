package io.brokerconnect.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.connect.ConnectorState;
import io.brokerconnect.cli.pipeline.PipelineConfigs;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import io.brokerconnect.tools.generator.LiveBrokerWriter;
import io.brokerconnect.tools.generator.LiveWriterOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pause and resume of both connectors through Connect's REST API while the broker keeps writing: a paused sink
 * holds no open transaction, a paused source emits nothing, and after resume every row written meanwhile arrives
 * and verify passes.
 */
class PauseResumeIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    @Test
    void pausedConnectorsHoldNothingAndResumePicksUpEverything(PostgresDatabase db, @TempDir Path dir) throws Exception {
        try (E2ePipeline pipeline = E2ePipeline.start(dir, db, 20_000, 1)) {
            pipeline.deploy(1);
            pipeline.awaitSynced();
            assertTrue(pipeline.verify(pipeline.verifyOptions()).parity(), "parity after the snapshot");

            pipeline.rest.pause(PipelineConfigs.SINK);
            pipeline.rest.pause(PipelineConfigs.SOURCE);
            pipeline.rest.awaitState(PipelineConfigs.SINK, ConnectorState.PAUSED, E2ePipeline.TIMEOUT);
            pipeline.rest.awaitState(PipelineConfigs.SOURCE, ConnectorState.PAUSED, E2ePipeline.TIMEOUT);
            assertEquals(0, pipeline.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                + "'broker-connect-sink' AND xact_start IS NOT NULL"), "a paused sink holds no open transaction");

            long filesBefore = pipeline.count("SELECT count(*) FROM files");
            long topicBefore = pipeline.cluster.endOffsetSum(PipelineConfigs.topics().files());
            long written;
            try (LiveBrokerWriter broker = LiveBrokerWriter.open(LiveWriterOptions.builder(pipeline.sqlite).build())) {
                for (int round = 0; round < 6; round++) {
                    broker.runRound();
                }
                written = broker.insertedRows();
            }
            assertTrue(written > 0, "the broker wrote new files while the connectors were paused");
            // Paused means paused: for a few poll intervals nothing moves on either side.
            long until = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < until) {
                assertEquals(topicBefore, pipeline.cluster.endOffsetSum(PipelineConfigs.topics().files()),
                    "a paused source emits nothing");
                assertEquals(filesBefore, pipeline.count("SELECT count(*) FROM files"), "a paused sink writes nothing");
                Thread.sleep(250);
            }

            pipeline.rest.resume(PipelineConfigs.SOURCE);
            pipeline.rest.resume(PipelineConfigs.SINK);
            pipeline.awaitSynced();
            assertEquals(filesBefore + written, pipeline.count("SELECT count(*) FROM files"),
                "every file written while paused arrived, once");
            assertTrue(pipeline.verify(pipeline.verifyOptions()).parity(), "parity after resume");
        }
    }
}
