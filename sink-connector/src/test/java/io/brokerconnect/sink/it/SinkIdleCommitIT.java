package io.brokerconnect.sink.it;

import io.brokerconnect.common.model.TopicNames;
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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * commit.when.idle.ms: on a worker with Connect's default offset.flush.interval.ms (60 s), the sink's offsets are
 * committed as soon as it has written everything and gone idle, not a minute later, and a first load's indexes are
 * rebuilt once it has caught up; with the switch off the offsets wait for the worker's interval.
 */
class SinkIdleCommitIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.perClass();

    /** Connect's default: the worker's first periodic commit of a task comes 60 s after the task started. */
    private static final String WORKER_COMMIT_INTERVAL_MS = "60000";

    private static ConnectCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectCluster.builder("idle-commit").workerProp("offset.flush.interval.ms", WORKER_COMMIT_INTERVAL_MS)
            .start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void offsetsAreCommittedOnceTheSinkIsIdleNotAtTheWorkersInterval(PostgresDatabase db) throws Exception {
        TopicNames topics = new TopicNames("idle");
        fillTopics("idle", 31);
        long startedAt = System.nanoTime();
        new Pipeline(cluster).startSink("idle-sink", Pipeline.sinkConfig(db, "idle", 1));

        // 30 s is half the worker's interval: only the sink's own request can have committed by then.
        Await.until(Duration.ofSeconds(30), () -> committed("idle-sink", topics) == end(topics),
            () -> "the sink commits all " + end(topics) + " files offsets; committed " + committed("idle-sink", topics)
                + " after " + (System.nanoTime() - startedAt) / 1_000_000 + " ms");
        // The first load's deferred indexes are rebuilt once it has caught up (2 s without bulk puts), which a put()
        // with no records notices; without one due before the worker's next commit, that would be a minute later.
        Await.until(Duration.ofSeconds(30), () -> firstLoadFinished(db),
            () -> "the first load rebuilds the files indexes within 30 s");
    }

    @Test
    void withIdleCommitsOffTheOffsetsWaitForTheWorkersInterval(PostgresDatabase db) throws Exception {
        TopicNames topics = new TopicNames("noidle");
        BrokerState expected = fillTopics("noidle", 32);
        Map<String, String> config = Pipeline.sinkConfig(db, "noidle", 1);
        config.put("commit.when.idle.ms", "0");
        new Pipeline(cluster).startSink("noidle-sink", config);

        Pipeline.awaitState(db, expected);
        Await.holds(Duration.ofSeconds(3), () -> committed("noidle-sink", topics) < end(topics),
            () -> "everything is written, but nothing asks for a commit before the worker's interval; committed "
                + committed("noidle-sink", topics) + " of " + end(topics));
    }

    /** Generates a broker database, puts all of it on the prefix's topics, stops the source; returns the content. */
    private BrokerState fillTopics(String prefix, long seed) throws Exception {
        Path sqlite = dir.resolve(prefix + ".sqlite3");
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(3_000).seed(seed).build());
        BrokerState expected = BrokerState.fromSqlite(sqlite);
        TopicNames topics = new TopicNames(prefix);
        new Pipeline(cluster).startSource(prefix + "-source", sqlite, prefix);
        Await.until(Pipeline.TIMEOUT, () -> cluster.endOffsetSum(topics.files()) >= expected.files().size(),
            () -> "the source emits all " + expected.files().size() + " files");
        cluster.connect().stopConnector(prefix + "-source");
        return expected;
    }

    private static boolean firstLoadFinished(PostgresDatabase db) {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM pg_indexes WHERE indexname = "
                 + "'idx_files_type_ts') = 1 AND NOT EXISTS (SELECT 1 FROM broker_connect_first_load)")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            return false; // not created yet
        }
    }

    private static long end(TopicNames topics) {
        return cluster.endOffsetSum(topics.files());
    }

    private static long committed(String connector, TopicNames topics) {
        return cluster.sinkGroupCommittedSum(connector, topics.files());
    }
}
