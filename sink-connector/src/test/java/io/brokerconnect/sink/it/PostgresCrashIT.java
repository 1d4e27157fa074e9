package io.brokerconnect.sink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GeneratorOptions;
import io.brokerconnect.tools.generator.LiveBrokerWriter;
import io.brokerconnect.tools.generator.LiveWriterOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL crashes (an immediate shut-down of its postmaster: sessions break without notice, nothing is checkpointed)
 * and stays down for 20 s, once in the middle of a first load and once while the broker keeps writing and the
 * pipeline tails; when it is back (after crash recovery) the sink tasks, still RUNNING, go on within their retry
 * budget, and PostgreSQL ends equal to SQLite: nothing lost, nothing twice. The recovery times are printed.
 */
class PostgresCrashIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.perClass();

    private static final Duration DOWN = Duration.ofSeconds(20);
    private static final long FILES = 200_000;

    private static ConnectCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectCluster.builder("pg-crash").start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void crashMidFirstLoadAndMidTailLosesAndDuplicatesNothing(PostgresDatabase db) throws Exception {
        Path sqlite = dir.resolve("broker.sqlite3");
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(FILES).seed(41).build());
        Pipeline pipeline = new Pipeline(cluster);
        pipeline.startSource("crash-source", sqlite, "crash");
        var sinkConfig = Pipeline.sinkConfig(db, "crash", 2);
        sinkConfig.put("consumer.override.max.poll.records", "2000");
        pipeline.startSink("crash-sink", sinkConfig);

        Await.until(Pipeline.TIMEOUT, () -> Pipeline.files(db) > 20_000, () -> "the first load is under way");
        long atCrash = crashForAWhile(db);
        assertTrue(atCrash < FILES, "the crash hit the first load in the middle: " + atCrash + " of " + FILES);
        long back = System.nanoTime();
        BrokerState expected = BrokerState.fromSqlite(sqlite);
        Pipeline.awaitState(db, expected);
        System.out.printf("RECOVERY first load: synced %.1f s after PostgreSQL was back (%,d of %,d files were in "
            + "at the crash)%n", (System.nanoTime() - back) / 1e9, atCrash, FILES);
        assertSame(db, expected);

        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Long> broker = CompletableFuture.supplyAsync(() -> {
            try (LiveBrokerWriter writer = LiveBrokerWriter.open(LiveWriterOptions.builder(sqlite).build())) {
                while (writing.get()) {
                    writer.runRound();
                    Thread.sleep(100);
                }
                return writer.insertedRows();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long beforeTail = Pipeline.files(db);
        Await.until(Pipeline.TIMEOUT, () -> Pipeline.files(db) > beforeTail,
            () -> "tailing: the broker's new rows arrive");
        crashForAWhile(db);
        writing.set(false);
        long written = broker.get();
        back = System.nanoTime();
        expected = BrokerState.fromSqlite(sqlite);
        Pipeline.awaitState(db, expected);
        System.out.printf("RECOVERY tail: synced %.1f s after PostgreSQL was back (%,d rows written by the broker "
            + "meanwhile)%n", (System.nanoTime() - back) / 1e9, written);
        assertSame(db, expected);
        assertTrue(crashRecoveries() >= 2, "PostgreSQL ran crash recovery after each crash (an immediate stop)");
        cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning("crash-sink", 2,
            "the sink tasks rode out both outages");
        cluster.connect().deleteConnector("crash-sink");
        cluster.connect().deleteConnector("crash-source");
    }

    /** Crashes the server, leaves it down for {@link #DOWN}, starts it; returns the files count at the crash. */
    private static long crashForAWhile(PostgresDatabase db) throws Exception {
        long filesAtCrash = Pipeline.files(db);
        POSTGRES.server().crash();
        long crashedAt = System.nanoTime();
        // The outage itself: a fixed 20 s, as a crashed server restarted by its supervisor would take.
        Await.until(Duration.ofSeconds(DOWN.toSeconds() + 10), () -> System.nanoTime() - crashedAt >= DOWN.toNanos(),
            () -> DOWN + " pass");
        POSTGRES.server().start();
        return filesAtCrash;
    }

    private static void assertSame(PostgresDatabase db, BrokerState expected) throws Exception {
        try (Connection c = db.connect()) {
            assertEquals(expected, BrokerState.fromPostgres(c, "public"));
        }
    }

    private static long crashRecoveries() throws Exception {
        Path log = POSTGRES.server().logFile().orElseThrow();
        return Files.readAllLines(log).stream().filter(l -> l.contains("database system was interrupted")
            || l.contains("was not properly shut down; automatic recovery in progress")).count();
    }

}
