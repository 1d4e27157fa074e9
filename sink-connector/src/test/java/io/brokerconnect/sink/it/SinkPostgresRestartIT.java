package io.brokerconnect.sink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL server goes down in the middle of a load and comes back: nothing is lost or duplicated. */
class SinkPostgresRestartIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.perClass();

    private static ConnectCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectCluster.builder("pg-restart").start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void serverRestartInTheMiddleOfALoadLosesAndDuplicatesNothing(PostgresDatabase db) throws Exception {
        Path sqlite = dir.resolve("broker.sqlite3");
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(150_000).seed(31).build());
        BrokerState expected = BrokerState.fromSqlite(sqlite);
        Pipeline pipeline = new Pipeline(cluster);
        pipeline.startSource("restart-source", sqlite, "rst");
        var sinkConfig = Pipeline.sinkConfig(db, "rst", 2);
        sinkConfig.put("consumer.override.max.poll.records", "2000");
        pipeline.startSink("restart-sink", sinkConfig);

        Await.until(Pipeline.TIMEOUT, () -> count(db, "files") > 20_000, () -> "the load is under way");
        POSTGRES.server().stop();
        long stoppedAt = System.nanoTime();
        // Leave the server down long enough for the sink to fail writes and back off at least once.
        Await.until(Pipeline.TIMEOUT, () -> System.nanoTime() - stoppedAt > 3_000_000_000L, () -> "3 s pass");
        POSTGRES.server().start();

        Pipeline.awaitState(db, expected);
        try (Connection c = db.connect()) {
            assertEquals(expected, BrokerState.fromPostgres(c, "public"));
        }
        assertEquals(expected.meta().size(), count(db, "meta"), "no meta row duplicated by the retries");
        cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning("restart-sink", 2,
            "the sink tasks survived the outage");
    }

    private static long count(PostgresDatabase db, String table) {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }
}
