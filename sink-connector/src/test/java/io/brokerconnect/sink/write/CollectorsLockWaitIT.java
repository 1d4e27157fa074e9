package io.brokerconnect.sink.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.SchemaManagement;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.layout.TargetLayouts;
import io.brokerconnect.sink.schema.SchemaManager;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A batch that writes collectors waits for another task's collector batch (which holds the collectors lock for its
 * whole transaction, a COPY of thousands of files included) past the sink's short session lock timeout, instead of
 * failing with a lock timeout that Connect then retries and logs as an error; and its transaction's own lock
 * timeout is the session's again afterwards.
 */
class CollectorsLockWaitIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    @Test
    void aCollectorBatchWaitsForAnotherTasksCollectorBatchPastTheShortLockTimeout(PostgresDatabase db) throws Exception {
        TargetLayout layout = TargetLayouts.spec(new Identifier("public"));
        new SchemaManager(layout, FirstLoadFileCopyIT.dataSource(db)).apply(SchemaManagement.MIGRATE);
        try (Connection otherTask = db.connect(); Connection task = db.connect()) {
            try (Statement s = task.createStatement()) {
                s.execute("SET lock_timeout = 250");
            }
            task.setAutoCommit(false);
            otherTask.setAutoCommit(false);
            try (Statement s = otherTask.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + BatchWriter.COLLECTORS_LOCK_KEY + ")");
            }
            RoutedBatch batch = new RoutedBatch();
            batch.collectors.add(new CollectorRecord(Project.RIPE_RIS, "rrc00", "https://x/rrc00", 300));
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
                try {
                    new BatchWriter(layout).write(task, batch);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.holds(Duration.ofMillis(1_000), () -> !write.isDone(),
                () -> "the batch waits for the other task past its 250 ms lock timeout instead of failing");
            otherTask.commit();
            write.get();
            assertEquals(1, count(db, "SELECT count(*) FROM collectors WHERE url = 'https://x/rrc00'"));
            try (Statement s = task.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('lock_timeout')")) {
                assertTrue(rs.next());
                assertEquals("250ms", rs.getString(1), "the session's timeout is in force again");
            }
            assertFalse(task.getAutoCommit());
        }
    }

    private static long count(PostgresDatabase db, String query) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
