package io.brokerconnect.sink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink's PostgreSQL sessions killed again and again during a first load ({@code pg_terminate_backend}, as an
 * administrator, a connection pooler or a failover proxy does): each write in flight fails with "terminating
 * connection due to administrator command", its transaction rolls back, and the task retries it on a new session
 * within its retry budget. The tasks stay RUNNING and PostgreSQL ends equal to SQLite.
 */
class SessionsTerminatedIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.perClass();

    private static final long FILES = 100_000;
    private static final Duration KILLING = Duration.ofSeconds(6);
    private static final String SINK_SESSIONS = "SELECT pg_terminate_backend(pid), state FROM pg_stat_activity "
        + "WHERE application_name = 'broker-connect-sink' AND pid <> pg_backend_pid()";

    private static ConnectCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectCluster.builder("pg-terminate").start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void sessionsTerminatedRepeatedlyMidLoadLoseAndDuplicateNothing(PostgresDatabase db) throws Exception {
        Path sqlite = dir.resolve("broker.sqlite3");
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(FILES).seed(43).build());
        Pipeline pipeline = new Pipeline(cluster);
        pipeline.startSource("terminate-source", sqlite, "terminate");
        var sinkConfig = Pipeline.sinkConfig(db, "terminate", 2);
        sinkConfig.put("consumer.override.max.poll.records", "2000");
        sinkConfig.put("batch.size", "2000");
        pipeline.startSink("terminate-sink", sinkConfig);

        Await.until(Pipeline.TIMEOUT, () -> Pipeline.files(db) > 10_000, () -> "the first load is under way");
        Terminations terminations = terminateSinkSessionsFor(db, KILLING);
        long atEnd = Pipeline.files(db);
        assertTrue(terminations.busy > 0, "sessions were killed in the middle of work: " + terminations);
        assertTrue(atEnd < FILES, "the killing spanned the load: " + atEnd + " of " + FILES + " files when it ended");

        long stopped = System.nanoTime();
        BrokerState expected = BrokerState.fromSqlite(sqlite);
        Pipeline.awaitState(db, expected);
        System.out.printf("[fault] pg_terminate_backend: %s over %d s; synced %.1f s after the last one%n",
            terminations, KILLING.toSeconds(), (System.nanoTime() - stopped) / 1e9);
        try (Connection c = db.connect()) {
            assertEquals(expected, BrokerState.fromPostgres(c, "public"));
        }
        cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning("terminate-sink", 2,
            "the sink tasks rode out every terminated session");
    }

    /** Terminates every sink session several times a second for {@code duration}; counts what was killed. */
    private static Terminations terminateSinkSessionsFor(PostgresDatabase db, Duration duration) throws Exception {
        Terminations terminations = new Terminations();
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                while (running.get()) {
                    try (ResultSet rs = s.executeQuery(SINK_SESSIONS)) {
                        while (rs.next()) {
                            terminations.count(rs.getString(2));
                        }
                    }
                    Thread.sleep(250);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long started = System.nanoTime();
        Await.until(duration.plusSeconds(10), () -> System.nanoTime() - started >= duration.toNanos(),
            () -> duration + " of terminations");
        running.set(false);
        killer.get();
        return terminations;
    }


    /** Sessions terminated, and how many of them were in the middle of a statement or transaction. */
    private static final class Terminations {
        private int total;
        private int busy;

        synchronized void count(String state) {
            total++;
            if ("active".equals(state) || (state != null && state.startsWith("idle in transaction"))) {
                busy++;
            }
        }

        @Override
        public synchronized String toString() {
            return total + " sessions terminated (" + busy + " mid-statement or mid-transaction)";
        }
    }
}
