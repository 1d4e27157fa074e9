package io.brokerconnect.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.connect.ConnectorState;
import io.brokerconnect.cli.pipeline.PipelineConfigs;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.nio.file.Path;
import java.sql.SQLException;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Connect workers; the one running the source task is removed in the middle of the snapshot. Its tasks move
 * to the other worker (after scheduled.rebalance.max.delay.ms), which resumes from the committed offsets, and the
 * result verifies with every file exactly once. (In-process workers can only be stopped, not killed with SIGKILL;
 * a stop that does not commit the last offsets is the case the rowid offsets and idempotent writes cover.)
 */
class WorkerFailoverIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final long ROWS = 300_000;

    @Test
    void tasksMoveToTheRemainingWorkerAndTheResultVerifies(PostgresDatabase db, @TempDir Path dir) throws Exception {
        try (E2ePipeline pipeline = E2ePipeline.start(dir, db, ROWS, 2)) {
            pipeline.deploy(2);
            Await.until(E2ePipeline.TIMEOUT, () -> filesInPostgres(pipeline) > ROWS / 10,
                () -> "the snapshot gets going");
            String sourceWorker = pipeline.rest.status(PipelineConfigs.SOURCE).tasks().get(0).workerId();
            WorkerHandle victim = pipeline.cluster.connect().workers().stream()
                .filter(w -> w.url().toString().contains(":" + port(sourceWorker) + "/")).findFirst()
                .orElseThrow(() -> new AssertionError("no worker " + sourceWorker));
            pipeline.useWorker(pipeline.cluster.connect().workers().stream().filter(w -> w != victim).findFirst()
                .orElseThrow());
            long atRemoval = filesInPostgres(pipeline);
            pipeline.cluster.connect().removeWorker(victim);
            assertTrue(atRemoval < ROWS, "removed in the middle of the snapshot (" + atRemoval + " of " + ROWS + ")");

            pipeline.rest.awaitState(PipelineConfigs.SOURCE, ConnectorState.RUNNING, E2ePipeline.TIMEOUT);
            pipeline.awaitSynced();
            String survivor = pipeline.cluster.connect().workers().iterator().next().url().toString();
            pipeline.rest.status(PipelineConfigs.SOURCE).tasks().forEach(t ->
                assertTrue(survivor.contains(":" + port(t.workerId()) + "/"), "source task moved: " + t));
            assertEquals(pipeline.count("SELECT count(*) FROM (SELECT DISTINCT ts, collector_id, data_type FROM files) d"),
                pipeline.count("SELECT count(*) FROM files"));
            assertTrue(pipeline.verify(pipeline.verifyOptions()).parity(), "parity after the fail-over");
        }
    }

    private static String port(String workerId) {
        return workerId.substring(workerId.lastIndexOf(':') + 1);
    }

    private static long filesInPostgres(E2ePipeline pipeline) {
        try {
            return pipeline.count("SELECT count(*) FROM files");
        } catch (SQLException e) {
            return 0; // the sink has not created the table yet
        }
    }
}
