package io.brokerconnect.sink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.layout.DeferredIndex;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.layout.TargetLayouts;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GeneratorOptions;
import io.brokerconnect.tools.generator.LiveBrokerWriter;
import io.brokerconnect.tools.generator.LiveWriterOptions;
import java.time.Duration;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SQLite -> source -> Kafka -> sink into upstream's broker and mrt layouts, on real parts: the first load ends with
 * the query indexes rebuilt, PostgreSQL equals SQLite under upstream's conversions (0 stays 0), the broker's new
 * rounds are tailed, a pause through the REST API holds the sink and resume catches up, and a replay of every topic
 * from the beginning changes nothing, not even the ids.
 */
class UpstreamEndToEndIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static ConnectCluster cluster;
    private static Pipeline pipeline;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectCluster.builder("upstream-e2e").start();
        pipeline = new Pipeline(cluster);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @ParameterizedTest
    @EnumSource(value = LayoutName.class, names = {"BROKER", "MRT"})
    void firstLoadAndReplayIntoTheUpstreamLayout(LayoutName name, PostgresDatabase db) throws Exception {
        String prefix = "up-" + name.configValue();
        Path sqlite = dir.resolve(prefix + ".sqlite3");
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(20_000).damagedRows(20).seed(31)
            .typesReversed(true).build());
        BrokerState expected = BrokerState.fromSqlite(sqlite, false);
        TargetLayout layout = TargetLayouts.create(name, new Identifier("public"));

        pipeline.startSource(prefix + "-source", sqlite, prefix);
        Map<String, String> sink = Pipeline.sinkConfig(db, prefix, 2);
        sink.put("target.layout", name.configValue());
        pipeline.startSink(prefix + "-sink", sink);
        Pipeline.awaitState(db, expected, layout);
        Await.until(Pipeline.TIMEOUT, () -> firstLoadFinished(db, layout), () -> "the first-load rebuild is done");
        BrokerState loaded = state(db, layout);
        assertEquals(expected, loaded, "PostgreSQL equals SQLite under upstream's conversions");
        try (Connection c = db.connect()) {
            for (DeferredIndex index : layout.deferredFileIndexes()) {
                assertEquals(1, count(c, "SELECT count(*) FROM pg_indexes WHERE schemaname = '"
                    + layout.dataSchema().name() + "' AND indexname = '" + index.name() + "'"), index + " rebuilt");
            }
            assertEquals(1, count(c, "SELECT count(*) FROM pg_constraint WHERE conrelid = '" + layout.filesTable()
                + "'::regclass AND contype = 'f' AND convalidated"), "file's foreign key to collector is back, validated");
        }
        String sinkName = prefix + "-sink";
        tailWithAPause(sqlite, db, layout, sinkName);
        loaded = state(db, layout);
        String idsBefore = ids(db, layout);

        cluster.connect().stopConnector(sinkName);
        cluster.connect().assertions().assertConnectorIsStopped(sinkName, "sink did not stop");
        cluster.connect().resetConnectorOffsets(sinkName);
        cluster.connect().resumeConnector(sinkName);
        cluster.connect().assertions().assertConnectorAndAtLeastNumTasksAreRunning(sinkName, 1, "sink did not resume");
        for (String topic : new String[] {prefix + ".meta", prefix + ".files"}) {
            Await.until(Pipeline.TIMEOUT, () -> cluster.sinkCommittedSum(sinkName, topic) >= cluster.endOffsetSum(topic),
                () -> "the replay reaches the end of " + topic);
        }
        assertEquals(loaded, state(db, layout), "replaying every topic from the beginning changes nothing");
        assertEquals(idsBefore, ids(db, layout), "not even the ids");
        cluster.connect().deleteConnector(sinkName);
        cluster.connect().deleteConnector(prefix + "-source");
    }

    /**
     * The broker keeps crawling: its new rows arrive (tail); while the sink is paused through the REST API nothing is
     * written, and after resume everything written meanwhile arrives.
     */
    private static void tailWithAPause(Path sqlite, PostgresDatabase db, TargetLayout layout, String sinkName)
            throws Exception {
        try (LiveBrokerWriter broker = LiveBrokerWriter.open(LiveWriterOptions.builder(sqlite).build())) {
            broker.runRound();
            broker.runRound();
            Pipeline.awaitState(db, BrokerState.fromSqlite(sqlite, false), layout);
            assertEquals(BrokerState.fromSqlite(sqlite, false), state(db, layout), "tailed rounds landed");

            cluster.connect().pauseConnector(sinkName);
            cluster.connect().assertions().assertConnectorAndExactlyNumTasksArePaused(sinkName, 2, "sink not paused");
            long filesAtPause = filesCount(db, layout);
            long before = broker.insertedRows();
            broker.runRound();
            broker.runRound();
            assertTrue(broker.insertedRows() > before, "the broker wrote while the sink was paused");
            Await.holds(Duration.ofSeconds(2), () -> filesCount(db, layout) == filesAtPause,
                () -> "a paused sink writes nothing (files " + filesAtPause + ")");
            cluster.connect().resumeConnector(sinkName);
            Pipeline.awaitState(db, BrokerState.fromSqlite(sqlite, false), layout);
            assertEquals(BrokerState.fromSqlite(sqlite, false), state(db, layout), "after resume everything is there");
        }
    }

    private static long filesCount(PostgresDatabase db, TargetLayout layout) {
        try (Connection c = db.connect()) {
            return count(c, "SELECT count(*) FROM " + layout.filesTable());
        } catch (Exception e) {
            return -1;
        }
    }

    private static boolean firstLoadFinished(PostgresDatabase db, TargetLayout layout) {
        try (Connection c = db.connect()) {
            return count(c, "SELECT count(*) FROM " + layout.firstLoadStateTable()) == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static BrokerState state(PostgresDatabase db, TargetLayout layout) throws Exception {
        try (Connection c = db.connect()) {
            return BrokerState.fromPostgres(c, layout);
        }
    }

    /** Collector ids and (as the table has none) the meta rows' physical positions. */
    private static String ids(PostgresDatabase db, TargetLayout layout) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 'c' || id || name FROM " + layout.collectorsRelation() + " x "
                 + "UNION ALL SELECT 'm' || ctid::text || update_ts FROM " + layout.metaTable() + " ORDER BY 1")) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
        return out.toString();
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
