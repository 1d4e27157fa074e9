package io.brokerconnect.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.connect.ConnectorState;
import io.brokerconnect.cli.pipeline.PipelineConfigs;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilding PostgreSQL from the topics exactly as the README's "Replay" section says: stop the sink, reset its
 * offsets with the offsets API (KIP-875), empty the database, resume; the result verifies, with the first load's
 * deferred indexes and foreign key rebuilt.
 */
class ReplayIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    @Test
    void stopResetEmptyResumeRebuildsPostgres(PostgresDatabase db, @TempDir Path dir) throws Exception {
        try (E2ePipeline pipeline = E2ePipeline.start(dir, db, 30_000, 1)) {
            pipeline.deploy(2);
            pipeline.awaitSynced();
            long files = pipeline.count("SELECT count(*) FROM files");
            assertTrue(pipeline.verify(pipeline.verifyOptions()).parity(), "parity after the first load");

            pipeline.rest.stop(PipelineConfigs.SINK);
            pipeline.rest.awaitState(PipelineConfigs.SINK, ConnectorState.STOPPED, E2ePipeline.TIMEOUT);
            pipeline.rest.resetOffsets(PipelineConfigs.SINK);
            assertTrue(pipeline.rest.offsets(PipelineConfigs.SINK).isEmpty(), "the sink's offsets are gone");
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA public CASCADE");
                s.execute("CREATE SCHEMA public");
            }

            pipeline.rest.resume(PipelineConfigs.SINK);
            pipeline.rest.awaitState(PipelineConfigs.SINK, ConnectorState.RUNNING, E2ePipeline.TIMEOUT);
            pipeline.awaitSynced();
            assertEquals(files, pipeline.count("SELECT count(*) FROM files"), "every file again, once");
            Await.until(E2ePipeline.TIMEOUT,
                () -> pipeline.countNow("SELECT count(*) FROM broker_connect_first_load") == 0,
                () -> "the replay's first load rebuilds the deferred indexes and foreign key");
            assertEquals(3, pipeline.count("SELECT count(*) FROM pg_indexes WHERE tablename = 'files'"),
                "primary key and both secondary indexes");
            assertEquals(1, pipeline.count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'files'::regclass "
                + "AND contype = 'f' AND convalidated"), "a validated foreign key");
            assertTrue(pipeline.verify(pipeline.verifyOptions()).parity(), "parity after the replay");
        }
    }
}
