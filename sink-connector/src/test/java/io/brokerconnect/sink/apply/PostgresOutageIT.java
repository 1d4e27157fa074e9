package io.brokerconnect.sink.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.sink.it.SinkProps;
import io.brokerconnect.sink.task.PostgresSinkTask;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL goes away (its server process is stopped) and the sink task waits for it within
 * {@code retry.max.duration.ms}: calls Connect makes before the backoff is over are not attempts, a task that starts
 * during the outage waits instead of failing, and when the budget is spent the task fails naming the database, and a
 * new task resumes without loss. The task is driven as Connect's WorkerSinkTask drives it (put again with the same
 * records after a RetriableException).
 */
class PostgresOutageIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.perClass();

    private static final TopicPartition FILES = new TopicPartition(BrokerSinkRecords.FILES_TOPIC, 0);

    @AfterEach
    void serverUp() {
        if (!POSTGRES.server().isRunning()) {
            POSTGRES.server().start();
        }
    }

    /**
     * The failure this replaced: with max.retries=2, three calls of put() in the backoff of the first failure (what
     * Connect does when its poll returns early for an offset commit) used up the retries and failed the task in
     * milliseconds, whatever backoff the task had announced.
     */
    @Test
    void callsDuringTheBackoffSpendNoAttempt(PostgresDatabase db) throws Exception {
        Map<String, String> props = props(db);
        props.put("max.retries", "2");
        props.put("retry.backoff.ms", "2000");
        FakeSinkTaskContext context = new FakeSinkTaskContext(props, Set.of(FILES));
        PostgresSinkTask task = start(context, props);
        try {
            task.put(files(0, 100));
            POSTGRES.server().stop();
            RetriableException first = assertThrows(RetriableException.class, () -> task.put(files(100, 100)));
            assertTrue(first.getMessage().startsWith("Transient PostgreSQL failure"), first.getMessage());
            assertEquals(2000, context.lastTimeoutMs(), "the backoff the task asks Connect to wait");
            for (int call = 0; call < 5; call++) {
                RetriableException early = assertThrows(RetriableException.class, () -> task.put(files(100, 100)),
                    "a call inside the backoff is answered without an attempt and never fails the task");
                assertTrue(early.getMessage().startsWith("Still backing off"), early.getMessage());
                assertTrue(context.lastTimeoutMs() > 0 && context.lastTimeoutMs() <= 2000, "the rest of the backoff");
            }
            POSTGRES.server().start();
            putAsConnectDoes(task, context, files(100, 100));
            assertEquals(200, count(db), "the retried batch landed once");
        } finally {
            task.stop();
        }
    }

    @Test
    void aTaskStartingDuringTheOutageWaitsForPostgres(PostgresDatabase db) throws Exception {
        Map<String, String> props = props(db);
        POSTGRES.server().stop();
        FakeSinkTaskContext context = new FakeSinkTaskContext(props, Set.of(FILES));
        PostgresSinkTask task = start(context, props); // schema management cannot run now: start() must not fail
        try {
            assertThrows(RetriableException.class, () -> task.put(files(0, 50)));
            POSTGRES.server().start();
            putAsConnectDoes(task, context, files(0, 50));
            assertEquals(50, count(db), "the schema was created once PostgreSQL was back, then the batch written");
        } finally {
            task.stop();
        }
    }

    @Test
    void aSpentBudgetFailsTheTaskNamingTheDatabaseAndANewTaskResumes(PostgresDatabase db) throws Exception {
        Map<String, String> props = props(db);
        props.put("retry.max.duration.ms", "3000");
        FakeSinkTaskContext context = new FakeSinkTaskContext(props, Set.of(FILES));
        PostgresSinkTask task = start(context, props);
        List<SinkRecord> batch = files(0, 80);
        ConnectException spent;
        long stoppedAt;
        try {
            POSTGRES.server().stop();
            stoppedAt = System.nanoTime();
            spent = assertThrows(ConnectException.class, () -> putAsConnectDoes(task, context, batch));
        } finally {
            task.stop();
        }
        double seconds = (System.nanoTime() - stoppedAt) / 1e9;
        assertTrue(!(spent instanceof RetriableException), "the task fails for good");
        assertTrue(seconds >= 3.0 && seconds < 10.0, "failed after the 3 s budget, not before: " + seconds + " s");
        assertTrue(spent.getMessage().contains(db.jdbcUrl()) && spent.getMessage().contains("restart the task")
            && spent.getMessage().contains("retry.max.duration.ms=3000"), spent.getMessage());

        POSTGRES.server().start();
        FakeSinkTaskContext again = new FakeSinkTaskContext(props, Set.of(FILES));
        PostgresSinkTask restarted = start(again, props);
        try {
            putAsConnectDoes(restarted, again, batch); // Connect redelivers from the last committed offset
            assertEquals(80, count(db), "nothing lost, nothing twice");
        } finally {
            restarted.stop();
        }
    }

    /**
     * put() repeated with the same records after each RetriableException until it returns (or fails for good), as
     * Connect redelivers a batch; calls that come while the task's backoff runs are answered without an attempt.
     */
    private static void putAsConnectDoes(PostgresSinkTask task, FakeSinkTaskContext context, List<SinkRecord> records)
            throws InterruptedException {
        Await.until(Duration.ofMinutes(2), () -> {
            try {
                task.put(new ArrayList<>(records));
                return true;
            } catch (RetriableException e) {
                return false;
            }
        }, () -> "put() succeeds or fails for good (last timeout asked for: " + context.lastTimeoutMs() + " ms)");
    }

    private static PostgresSinkTask start(FakeSinkTaskContext context, Map<String, String> props) {
        PostgresSinkTask task = new PostgresSinkTask();
        task.initialize(context);
        task.start(props);
        return task;
    }

    private static Map<String, String> props(PostgresDatabase db) {
        Map<String, String> props = SinkProps.forDatabase(db);
        props.put("retry.backoff.ms", "200");
        props.put("first.load.defer.indexes", "false");
        return props;
    }

    private static List<SinkRecord> files(int from, int n) {
        List<SinkRecord> records = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            records.add(BrokerSinkRecords.file(0, i, new FileRecord(Project.RIPE_RIS, "rrc00", DataType.UPDATES,
                Instant.ofEpochSecond(1_717_200_000L + 300L * i), 10, 20)));
        }
        return records;
    }

    private static long count(PostgresDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM files")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
