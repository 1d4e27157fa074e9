package io.brokerconnect.sink.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.sink.it.SinkProps;
import io.brokerconnect.sink.schema.FirstLoadIndexes;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two sink tasks share a first load. Task A's partition runs dry first and it counts as caught up while task B is
 * still loading: A must not rebuild the deferred keys and indexes then (B's remaining files would go through the
 * keyed, slower path), but leave it to the moment B has caught up too. Real tasks, real PostgreSQL; the "still
 * loading" marks are read from {@code pg_locks}.
 */
class FirstLoadLoadingTasksIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final long T0 = 1_717_200_000L; // 2024-06-01T00:00:00Z
    private static final int BULK = 200;

    @Test
    void aTaskThatHasCaughtUpLeavesTheRebuildToTheTaskStillLoading(PostgresDatabase db) throws Exception {
        Map<String, String> props = new HashMap<>(SinkProps.forDatabase(db));
        props.put("first.load.caught.up.after.ms", "300");
        try (SinkTaskHarness a = new SinkTaskHarness(props, Set.of(new TopicPartition(BrokerSinkRecords.FILES_TOPIC, 0)));
             SinkTaskHarness b = new SinkTaskHarness(props, Set.of(new TopicPartition(BrokerSinkRecords.FILES_TOPIC, 1)));
             Connection observer = db.connect()) {
            assertTrue(firstLoadPending(observer), "both tasks started on an empty files table");
            a.put(files(0, 0));
            b.put(files(1, 0));
            assertEquals(2, loadingMarks(observer), "each task marked its session as loading after a bulk put");

            // A gets only idle puts: once its caught-up period is over it drops its mark and tries the rebuild.
            Await.until(Duration.ofSeconds(30), () -> {
                a.put(List.of());
                return loadingMarks(observer) == 1;
            }, () -> "task A counted as caught up and dropped its loading mark");
            assertTrue(firstLoadPending(observer), "A must not rebuild while B is still loading");
            assertFalse(hasPrimaryKey(observer));

            b.put(files(1, BULK)); // B goes on loading, still on the first-load path
            assertTrue(firstLoadPending(observer));
            b.catchUp();           // idle puts until B has caught up and rebuilt
            assertEquals(0, loadingMarks(observer));
            assertTrue(hasPrimaryKey(observer), "the rebuild added the primary key back");
            assertEquals(3L * BULK, count(observer, "SELECT count(*) FROM files"));
            assertEquals(List.of(), a.retries(), "task A");
            assertEquals(List.of(), b.retries(), "task B");
        }
    }

    /** {@value #BULK} distinct files for one partition, from Kafka offset {@code offset} on. */
    private static List<SinkRecord> files(int partition, int offset) {
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < BULK; i++) {
            long n = offset + i;
            FileRecord file = new FileRecord(Project.RIPE_RIS, "rrc0" + partition, DataType.UPDATES,
                Instant.ofEpochSecond(T0 + 300 * n), 1000 + n, 2000 + n);
            records.add(BrokerSinkRecords.file(partition, n, file));
        }
        return records;
    }

    private static long loadingMarks(Connection c) {
        return count(c, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND mode = 'ShareLock' AND granted "
            + "AND objsubid = 2 AND classid = " + FirstLoadIndexes.LOADING_LOCK_CLASS
            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
    }

    private static boolean firstLoadPending(Connection c) {
        return count(c, "SELECT count(*) FROM broker_connect_first_load") > 0;
    }

    private static boolean hasPrimaryKey(Connection c) {
        return count(c, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'files'::regclass AND contype = 'p'") > 0;
    }

    private static long count(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
