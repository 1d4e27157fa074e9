package io.brokerconnect.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.connect.ConnectorState;
import io.brokerconnect.cli.pipeline.PipelineConfigs;
import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.layout.TargetLayouts;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.nio.file.Path;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two Connect workers; the one running the source task is removed in the middle of the source's snapshot. Its tasks move
 * to the other worker (after scheduled.rebalance.max.delay.ms), which resumes from the committed offsets, and the
 * result verifies with every file exactly once. (In-process workers can only be stopped, not killed with SIGKILL;
 * a stop that does not commit the last offsets is the case the rowid offsets and idempotent writes cover.)
 */
class WorkerFailoverIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final long ROWS = 600_000;

    /** Into the spec layout and into upstream's broker layout (whose verify reads it through the same layout). */
    @ParameterizedTest
    @EnumSource(value = LayoutName.class, names = {"SPEC", "BROKER"})
    void tasksMoveToTheRemainingWorkerAndTheResultVerifies(LayoutName layout, PostgresDatabase db, @TempDir Path dir)
            throws Exception {
        try (E2ePipeline pipeline = E2ePipeline.start(dir, db, ROWS, 2)) {
            long maxRowid = sqliteMaxFilesRowid(pipeline);
            pipeline.deploy(2, TargetLayouts.create(layout, new Identifier("public")));
            // The source's first offset commit (1 s flush interval): it is well into the snapshot, and not done.
            Await.until(E2ePipeline.TIMEOUT, () -> sourceFilesRowid(pipeline) > 0, () -> "the snapshot gets going");
            String sourceWorker = pipeline.rest.status(PipelineConfigs.SOURCE).tasks().get(0).workerId();
            WorkerHandle victim = pipeline.cluster.connect().workers().stream()
                .filter(w -> w.url().toString().contains(":" + port(sourceWorker) + "/")).findFirst()
                .orElseThrow(() -> new AssertionError("no worker " + sourceWorker));
            WorkerHandle survivor = pipeline.cluster.connect().workers().stream().filter(w -> w != victim).findFirst()
                .orElseThrow();
            pipeline.useWorker(survivor);
            long atRemoval = sourceFilesRowid(pipeline);
            pipeline.cluster.connect().removeWorker(victim);
            assertTrue(atRemoval < maxRowid, "the source's worker went in the middle of its snapshot (rowid "
                + atRemoval + " of " + maxRowid + ")");

            String survivorPort = ":" + port(survivor.url().toString().replaceAll("/+$", ""));
            Await.until(E2ePipeline.TIMEOUT, () -> allTasksRunningOn(pipeline, survivorPort),
                () -> "every task runs on the remaining worker: " + pipeline.rest.status(PipelineConfigs.SOURCE)
                    + " " + pipeline.rest.status(PipelineConfigs.SINK));
            pipeline.awaitSynced();
            assertTrue(pipeline.verify(pipeline.verifyOptions()).parity(), "parity after the fail-over");
        }
    }

    private static boolean allTasksRunningOn(E2ePipeline pipeline, String port) {
        for (String name : java.util.List.of(PipelineConfigs.SOURCE, PipelineConfigs.SINK)) {
            var status = pipeline.rest.status(name);
            if (status.tasks().isEmpty() || !status.tasks().stream().allMatch(t ->
                    t.state() == ConnectorState.RUNNING && t.workerId().endsWith(port))) {
                return false;
            }
        }
        return true;
    }

    private static long sourceFilesRowid(E2ePipeline pipeline) {
        try {
            return pipeline.sourceOffsets().filesRowid();
        } catch (io.brokerconnect.cli.verify.VerifyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long sqliteMaxFilesRowid(E2ePipeline pipeline) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:file:" + pipeline.sqlite + "?mode=ro");
             var s = c.createStatement(); var rs = s.executeQuery("SELECT max(rowid) FROM files")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String port(String workerId) {
        return workerId.substring(workerId.lastIndexOf(':') + 1);
    }

}
