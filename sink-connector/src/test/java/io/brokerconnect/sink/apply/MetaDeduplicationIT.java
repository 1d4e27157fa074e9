package io.brokerconnect.sink.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.sink.it.SinkProps;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same crawl round reaching meta twice during a dual-write cutover (the broker's plain INSERT and the sink's
 * copy from SQLite), in either order and at the same time: one row, and the broker's insert never fails.
 */
class MetaDeduplicationIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final long ROUND = 1_717_200_300L;
    private static final String BROKER_INSERT = "INSERT INTO meta (update_ts, update_duration, insert_count) "
        + "VALUES (to_timestamp(" + ROUND + "), 61, 1200)";

    @Test
    void brokerInsertAfterTheSinkIsANoOpAndNotAnError(PostgresDatabase db) throws Exception {
        try (SinkTaskHarness sink = sink(db); Connection broker = db.connect(); Statement s = broker.createStatement()) {
            sink.put(List.of(BrokerSinkRecords.meta(0, 0, new MetaRecord(Instant.ofEpochSecond(ROUND), 61, 1200))));
            assertEquals(0, s.executeUpdate(BROKER_INSERT), "the round is there already: skipped");
            assertEquals(1, s.executeUpdate("INSERT INTO meta (update_ts, update_duration, insert_count) "
                + "VALUES (to_timestamp(" + (ROUND + 300) + "), 58, 900)"), "a new round is inserted as before");
            assertEquals(List.of(ROUND + "|61|1200", (ROUND + 300) + "|58|900"), meta(broker));
        }
    }

    @Test
    void sinkAfterTheBrokerAndAReplayAddNothing(PostgresDatabase db) throws Exception {
        try (SinkTaskHarness sink = sink(db); Connection broker = db.connect(); Statement s = broker.createStatement()) {
            assertEquals(1, s.executeUpdate(BROKER_INSERT));
            MetaRecord round = new MetaRecord(Instant.ofEpochSecond(ROUND), 61, 1200);
            sink.put(List.of(BrokerSinkRecords.meta(0, 0, round)));
            sink.put(List.of(BrokerSinkRecords.meta(0, 0, round))); // replay
            assertEquals(List.of(ROUND + "|61|1200"), meta(broker));
        }
    }

    /** Eight connections insert the same round at once, as broker and sink could: exactly one row. */
    @Test
    void concurrentInsertsOfTheSameRoundLeaveOneRow(PostgresDatabase db) throws Exception {
        sink(db).close(); // a task start applies the migrations
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CyclicBarrier start = new CyclicBarrier(writers);
        try {
            for (int attempt = 0; attempt < 20; attempt++) {
                long ts = ROUND + attempt * 300L;
                List<Future<Integer>> inserts = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    inserts.add(pool.submit(() -> {
                        try (Connection c = db.connect(); Statement s = c.createStatement()) {
                            start.await(10, TimeUnit.SECONDS);
                            return s.executeUpdate("INSERT INTO meta (update_ts, update_duration, insert_count) "
                                + "VALUES (to_timestamp(" + ts + "), 61, 1200)");
                        }
                    }));
                }
                int inserted = 0;
                for (Future<Integer> f : inserts) {
                    inserted += f.get(30, TimeUnit.SECONDS);
                }
                assertEquals(1, inserted, "exactly one of the concurrent inserts of round " + ts + " took effect");
            }
            try (Connection c = db.connect()) {
                assertEquals(20, meta(c).size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A first load can carry thousands of meta rows in one batch: the trigger must not take a lock per row. */
    @Test
    void aBatchOfManyMetaRowsFitsInOneTransaction(PostgresDatabase db) throws Exception {
        List<org.apache.kafka.connect.sink.SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            records.add(BrokerSinkRecords.meta(0, i, new MetaRecord(Instant.ofEpochSecond(ROUND + i * 300L), 60, i)));
        }
        Map<String, String> props = new java.util.HashMap<>(SinkProps.forDatabase(db));
        props.put("batch.size", "20000");
        try (SinkTaskHarness sink = new SinkTaskHarness(props, Set.of(new TopicPartition(BrokerSinkRecords.META_TOPIC, 0)));
             Connection c = db.connect()) {
            sink.put(records);
            assertEquals(20_000, meta(c).size());
        }
    }

    private static SinkTaskHarness sink(PostgresDatabase db) {
        Map<String, String> props = new java.util.HashMap<>(SinkProps.forDatabase(db));
        return new SinkTaskHarness(props, Set.of(new TopicPartition(BrokerSinkRecords.META_TOPIC, 0)));
    }

    private static List<String> meta(Connection c) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT extract(epoch FROM update_ts)"
            + "::bigint, update_duration, insert_count FROM meta ORDER BY update_ts")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + "|" + rs.getInt(2) + "|" + rs.getInt(3));
            }
        }
        return rows;
    }
}
