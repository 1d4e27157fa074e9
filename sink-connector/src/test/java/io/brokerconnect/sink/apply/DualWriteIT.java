package io.brokerconnect.sink.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.sink.it.SinkProps;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cutover: the broker writes PostgreSQL itself (its own statements, see broker-sqlite-schema.md "the dual-write
 * side") while two sink tasks (as with {@code tasks.max=2}, each on its own connection) apply the same data from
 * Kafka. Three JDBC threads play the broker, in autocommit like its sqlx pool: at start-up one
 * {@code INSERT INTO collectors ... ON CONFLICT (project, name) DO NOTHING} per collector and a lookup of the ids by
 * name; then per crawl round multi-row {@code INSERT INTO files ... ON CONFLICT DO NOTHING RETURNING ...} (sizes 0 as
 * NULL, batches of {@value #BROKER_INSERT_BATCH}), one multi-row only-if-newer {@code INSERT INTO latest ... ON
 * CONFLICT (collector_name, type) DO UPDATE ...} for the rows really inserted, and a plain {@code INSERT INTO meta}.
 * Each broker thread crawls a random subset of the collectors per round, so files overlap between broker threads and
 * with the sink; the sink tasks get disjoint halves of the files (partitioned by key) but share every latest key.
 * The collectors stream (on task 0) moves two collectors to new urls half-way; the meta stream (on task 1) carries
 * rows of its own. A {@link RoundGate} keeps all five writers within one round of each other for the whole run.
 *
 * <p>Asserted: no broker statement fails; no put() fails and none even needs a retry (a retry here could only be a
 * deadlock or lock timeout); every file is present exactly once; latest is the newest file per (collector, type) of
 * all files; collectors converged to the last version; every meta row of either side is there exactly once.
 *
 * <p>The broker's rows are sent in primary-key order (files by (ts, collector_id, data_type), latest by
 * (collector_name, type)), the same order the sink uses; a second test uses the real broker's
 * unsorted crawl order. The sink runs past its first load ({@code first.load.defer.indexes=false}), as at a cutover
 * after the history was loaded; {@code -Dbroker.dualwrite.firstLoad=true} includes the first load (with the primary
 * key kept, {@code first.load.defer.primary.key=false}, which a broker writing during the load needs). Seed:
 * {@code -Dbroker.dualwrite.seed}, length: {@code -Dbroker.dualwrite.rounds}.
 *
 * <p>Two more tests force two lock cycles between sink tasks that the concurrent runs only hit by chance (they
 * failed before the sink serialised its collector writes and ordered the first-load rebuild's table locks).
 */
class DualWriteIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();


    private static final int ROUNDS = Integer.getInteger("broker.dualwrite.rounds", 400);
    private static final long ROUND_SECONDS = 1800;
    private static final int BROKER_THREADS = 3;
    private static final int SINK_TASKS = 2;
    private static final int BROKER_INSERT_BATCH = 25;
    private static final Duration DEADLINE = Duration.ofSeconds(150);
    private static final long T0 = 1_717_200_000L; // 2024-06-01T00:00:00Z
    private static final DateTimeFormatter BROKER_TS =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxx").withZone(ZoneOffset.UTC);

    @Test
    void brokerAndTwoSinkTasksWriteTheSameRowsConcurrently(PostgresDatabase db) throws Exception {
        new Run(db, seed(), false, null).execute();
    }

    /**
     * The same with the broker's rows in the order the real broker sends them (crawl order: per collector its ribs,
     * then its updates; latest rows in RETURNING order), each broker thread crawling its own collectors so that the
     * broker threads cannot deadlock with each other. The broker's multi-row statements and the sink's then take the
     * same row locks in different orders. On files rows the sink, which retries, is the side that gives up (its
     * lock_timeout, {@code lock.timeout.ms}, is well below deadlock_timeout): its lock-timeout retries (55P03) are
     * allowed, broker errors and deadlocks are not. On latest rows there is no cycle at all any more (see
     * {@code LatestWriter}); with only a lock_timeout below deadlock_timeout, a broker latest upsert still got
     * "deadlock detected" about once in 20 CI runs (when the sink had already waited for a third writer).
     */
    @Test
    void brokerInCrawlOrderAndTwoSinkTasksWriteTheSameRowsConcurrently(PostgresDatabase db) throws Exception {
        new Run(db, seed(), true, "sink default").execute();
    }

    /**
     * Two sink tasks (tasks.max=2) meeting on collectors that PostgreSQL does not know yet, forced into the
     * interleaving that production can hit by chance (first start, or a new collector): task A has the collector
     * records of rrc01 and rrc02 plus a file of rrc00, task B files of rrc00 and rrc01. A third connection briefly
     * holds an uncommitted rrc02 so that A stops between its collector pass (rrc01 locked) and its placeholder pass,
     * while B's placeholder pass takes rrc00 and then waits for A's rrc01. When the third connection rolls back, A
     * goes on to the placeholder for rrc00, which B holds. Each pass is sorted, but the two passes together are
     * not one global order, so this is a lock cycle unless the sink takes all collector keys of a batch in one
     * sorted pass.
     */
    @Test
    void twoSinkTasksCreatingTheSameNewCollectorsDoNotDeadlock(PostgresDatabase db) throws Exception {
        Map<String, String> props = new HashMap<>(SinkProps.forDatabase(db));
        props.put("first.load.defer.indexes", "false"); // not about the first load: keep its extra locking out
        CollectorRecord rrc01 = new CollectorRecord(Project.RIPE_RIS, "rrc01", "https://data.ris.ripe.net/rrc01/", 300);
        CollectorRecord rrc02 = new CollectorRecord(Project.RIPE_RIS, "rrc02", "https://data.ris.ripe.net/rrc02/", 300);
        FileRecord fileA = new FileRecord(Project.RIPE_RIS, "rrc00", DataType.UPDATES, Instant.ofEpochSecond(T0), 10, 11);
        FileRecord fileB0 = new FileRecord(Project.RIPE_RIS, "rrc00", DataType.RIB, Instant.ofEpochSecond(T0), 20, 21);
        FileRecord fileB1 = new FileRecord(Project.RIPE_RIS, "rrc01", DataType.RIB, Instant.ofEpochSecond(T0), 30, 31);
        List<SinkRecord> forA = List.of(BrokerSinkRecords.collector(0, 0, rrc01), BrokerSinkRecords.collector(0, 1, rrc02),
            BrokerSinkRecords.file(0, 0, fileA));
        List<SinkRecord> forB = List.of(BrokerSinkRecords.file(1, 0, fileB0), BrokerSinkRecords.file(1, 1, fileB1));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (SinkTaskHarness a = new SinkTaskHarness(props, Set.of(tp(BrokerSinkRecords.COLLECTORS_TOPIC, 0),
                 tp(BrokerSinkRecords.FILES_TOPIC, 0)));
             SinkTaskHarness b = new SinkTaskHarness(props, Set.of(tp(BrokerSinkRecords.FILES_TOPIC, 1)));
             Connection blocker = db.connect();
             Connection observer = db.connect()) {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.executeUpdate("INSERT INTO collectors (project, name, updates_interval) VALUES ('ripe-ris', 'rrc02', 300)");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Future<?> putA = pool.submit(() -> a.put(forA));
            awaitLockWaiters(observer, 1, deadline);   // A: rrc01 inserted, waiting for the blocker's rrc02
            Future<?> putB = pool.submit(() -> b.put(forB));
            awaitLockWaiters(observer, 2, deadline);   // B: placeholder rrc00 inserted, waiting for A's rrc01
            blocker.rollback();                        // A goes on: rrc02, then the placeholder for rrc00 (B's)
            putA.get(30, TimeUnit.SECONDS);
            putB.get(30, TimeUnit.SECONDS);

            Map<Long, String> relations = Deadlocks.relations(observer);
            List<String> retries = new ArrayList<>();
            a.retries().forEach(e -> retries.add("task A: " + Deadlocks.describe(e)
                + Deadlocks.cycle(e, pid -> "pid " + pid, relations)));
            b.retries().forEach(e -> retries.add("task B: " + Deadlocks.describe(e)
                + Deadlocks.cycle(e, pid -> "pid " + pid, relations)));
            TargetState expected = TargetState.expected(List.of(rrc01, rrc02), List.of(fileA, fileB0, fileB1),
                List.of(), true);
            TargetState.assertSame("two tasks on new collectors", expected, TargetState.read(observer));
            assertTrue(retries.isEmpty(), "the two sink tasks deadlocked (PostgreSQL aborted one, Connect had to "
                + "retry it): " + retries);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Two sink tasks in first-load mode (both started on an empty files table, the default
     * {@code first.load.defer.indexes=true}). Task B is inside a batch: it holds its lock on the collectors table
     * (placeholder insert) and will next insert into files. Task A, which has written a record already, gets an empty
     * put() (Connect's "nothing new"), which means "caught up", so it rebuilds the deferred indexes and foreign key in one transaction: CREATE INDEX
     * locks files (SHARE), then ADD FOREIGN KEY needs SHARE ROW EXCLUSIVE on collectors, which waits for B; B's insert
     * into files waits for A. A third connection holding an uncommitted collector row makes B pause at exactly that
     * point. The same cycle also formed by chance in {@code DualWriteIT} runs with the first load included, there
     * through a broker's INSERT INTO collectors.
     */
    @Test
    void firstLoadIndexRebuildDoesNotDeadlockWithAnotherTasksBatch(PostgresDatabase db) throws Exception {
        Map<String, String> props = new HashMap<>(SinkProps.forDatabase(db));
        props.put("first.load.defer.indexes", "true");
        props.put("first.load.caught.up.after.ms", "0"); // the next small put() after a write means "caught up"
        FileRecord file = new FileRecord(Project.RIPE_RIS, "rrc09", DataType.UPDATES, Instant.ofEpochSecond(T0), 1, 2);
        FileRecord earlier = new FileRecord(Project.RIPE_RIS, "rrc01", DataType.RIB, Instant.ofEpochSecond(T0), 3, 4);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (SinkTaskHarness a = new SinkTaskHarness(props, Set.of(tp(BrokerSinkRecords.FILES_TOPIC, 0)));
             SinkTaskHarness b = new SinkTaskHarness(props, Set.of(tp(BrokerSinkRecords.FILES_TOPIC, 1)));
             Connection blocker = db.connect();
             Connection observer = db.connect()) {
            Map<Long, String> relations = Deadlocks.relations(observer);
            a.put(List.of(BrokerSinkRecords.file(0, 0, earlier))); // A has loaded something: an idle put() now means "caught up"
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.executeUpdate("INSERT INTO collectors (project, name, updates_interval) VALUES ('ripe-ris', 'rrc09', 300)");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Future<?> putB = pool.submit(() -> b.put(List.of(BrokerSinkRecords.file(1, 0, file))));
            awaitLockWaiters(observer, 1, deadline);   // B: holds collectors (ROW EXCLUSIVE), waits for rrc09
            Future<?> putA = pool.submit(() -> a.put(List.of()));
            awaitLockWaiters(observer, 2, deadline);   // A: holds files (SHARE), waits for collectors
            blocker.rollback();                        // B goes on to INSERT INTO files
            putA.get(30, TimeUnit.SECONDS);
            putB.get(30, TimeUnit.SECONDS);

            List<String> retries = new ArrayList<>();
            a.retries().forEach(e -> retries.add("task A (rebuild): " + Deadlocks.describe(e)
                + Deadlocks.cycle(e, pid -> "pid " + pid, relations)));
            b.retries().forEach(e -> retries.add("task B (batch): " + Deadlocks.describe(e)
                + Deadlocks.cycle(e, pid -> "pid " + pid, relations)));
            TargetState.assertSame("first load", TargetState.expected(List.of(), List.of(earlier, file), List.of(), true),
                TargetState.read(observer));
            assertTrue(retries.isEmpty(), "the index rebuild deadlocked with the other task's batch: " + retries);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The lock cycle the crawl-order run used to hit by chance, forced: a broker transaction holds one latest row
     * (rrc03 updates) while the sink applies a batch that makes both rrc00 and rrc03 newer; then the broker goes
     * on to the other row (rrc00), as its unsorted multi-row upsert does. If the sink held rrc00 while waiting for
     * rrc03 this would be a deadlock; the sink must instead have committed its batch without waiting (SKIP LOCKED)
     * and wait for rrc03 holding nothing, so the broker's second update goes through at once.
     */
    @Test
    void sinkNeverHoldsOneLatestRowWhileWaitingForAnother(PostgresDatabase db) throws Exception {
        Map<String, String> props = new HashMap<>(SinkProps.forDatabase(db));
        props.put("first.load.defer.indexes", "false");
        props.put("lock.timeout.ms", "60000"); // the sink may wait for the broker as long as the test needs
        FileRecord a0 = new FileRecord(Project.RIPE_RIS, "rrc00", DataType.UPDATES, Instant.ofEpochSecond(T0), 1, 2);
        FileRecord b0 = new FileRecord(Project.RIPE_RIS, "rrc03", DataType.UPDATES, Instant.ofEpochSecond(T0), 3, 4);
        FileRecord a1 = new FileRecord(Project.RIPE_RIS, "rrc00", DataType.UPDATES, Instant.ofEpochSecond(T0 + 300), 5, 6);
        FileRecord b1 = new FileRecord(Project.RIPE_RIS, "rrc03", DataType.UPDATES, Instant.ofEpochSecond(T0 + 300), 7, 8);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (SinkTaskHarness sink = new SinkTaskHarness(props, Set.of(tp(BrokerSinkRecords.FILES_TOPIC, 0)));
             Connection broker = db.connect();
             Connection observer = db.connect()) {
            sink.put(List.of(BrokerSinkRecords.file(0, 0, a0), BrokerSinkRecords.file(0, 1, b0)));
            broker.setAutoCommit(false);
            try (Statement s = broker.createStatement()) {
                s.execute("SET lock_timeout = '20s'"); // a wait here would be the deadlock; fail clearly instead
                assertEquals(1, s.executeUpdate("UPDATE latest SET ts = to_timestamp(" + (T0 + 600) + "), "
                    + "rough_size = 30, exact_size = 31 WHERE collector_name = 'rrc03' AND type = 'updates'"));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Future<?> put = pool.submit(() -> sink.put(List.of(BrokerSinkRecords.file(0, 2, a1),
                BrokerSinkRecords.file(0, 3, b1))));
            awaitLockWaiters(observer, 1, deadline); // the sink, waiting for rrc03 ...
            try (Statement s = observer.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM files WHERE ts = to_timestamp(" + (T0 + 300)
                     + ") UNION ALL SELECT extract(epoch FROM ts)::bigint FROM latest WHERE collector_name = 'rrc00'")) {
                rs.next();
                assertEquals(2, rs.getLong(1), "... has already committed the batch's files");
                rs.next();
                assertEquals(T0 + 300, rs.getLong(1), "... and the latest row it could update without waiting");
            }
            try (Statement s = broker.createStatement()) { // the broker's next row: must not wait for the sink
                assertEquals(1, s.executeUpdate("UPDATE latest SET ts = to_timestamp(" + (T0 + 900) + "), "
                    + "rough_size = 40, exact_size = 41 WHERE collector_name = 'rrc00' AND type = 'updates'"));
            }
            broker.commit();
            put.get(30, TimeUnit.SECONDS);
            try (Statement s = observer.createStatement();
                 ResultSet rs = s.executeQuery("SELECT collector_name, extract(epoch FROM ts)::bigint, rough_size "
                     + "FROM latest ORDER BY 1")) {
                rs.next();
                assertEquals(List.of("rrc00", T0 + 900, 40L), List.of(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                rs.next();
                assertEquals(List.of("rrc03", T0 + 600, 30L), List.of(rs.getString(1), rs.getLong(2), rs.getLong(3)),
                    "the broker's newer row stays: the sink's older file changes nothing");
            }
            assertTrue(sink.retries().isEmpty(), "no retries: " + sink.retries());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The other half of the same rule: a latest row that is older but locked by someone else (here only locked,
     * then released without a change) is skipped inside the batch and must then be applied after the commit.
     */
    @Test
    void aLockedOlderLatestRowIsAppliedAfterTheLockGoes(PostgresDatabase db) throws Exception {
        Map<String, String> props = new HashMap<>(SinkProps.forDatabase(db));
        props.put("first.load.defer.indexes", "false");
        props.put("lock.timeout.ms", "60000");
        FileRecord b0 = new FileRecord(Project.RIPE_RIS, "rrc03", DataType.UPDATES, Instant.ofEpochSecond(T0), 3, 4);
        FileRecord b1 = new FileRecord(Project.RIPE_RIS, "rrc03", DataType.UPDATES, Instant.ofEpochSecond(T0 + 300), 7, 8);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (SinkTaskHarness sink = new SinkTaskHarness(props, Set.of(tp(BrokerSinkRecords.FILES_TOPIC, 0)));
             Connection holder = db.connect();
             Connection observer = db.connect()) {
            sink.put(List.of(BrokerSinkRecords.file(0, 0, b0)));
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeQuery("SELECT * FROM latest WHERE collector_name = 'rrc03' FOR UPDATE").close();
            }
            Future<?> put = pool.submit(() -> sink.put(List.of(BrokerSinkRecords.file(0, 1, b1))));
            awaitLockWaiters(observer, 1, System.nanoTime() + Duration.ofSeconds(30).toNanos());
            holder.rollback();
            put.get(30, TimeUnit.SECONDS);
            try (Statement s = observer.createStatement();
                 ResultSet rs = s.executeQuery("SELECT extract(epoch FROM ts)::bigint, rough_size, exact_size "
                     + "FROM latest WHERE collector_name = 'rrc03'")) {
                rs.next();
                assertEquals(List.of(T0 + 300, 7L, 8L), List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitLockWaiters(Connection observer, int waiters, long deadlineNanos) throws Exception {
        try (PreparedStatement s = observer.prepareStatement("SELECT count(*) FROM pg_stat_activity, pg_sleep(0.01) "
            + "WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            while (true) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= waiters) {
                        return;
                    }
                }
                if (System.nanoTime() > deadlineNanos) {
                    throw new AssertionError("never saw " + waiters + " sessions waiting for a lock");
                }
            }
        }
    }

    private static long seed() {
        return Long.getLong("broker.dualwrite.seed", new Random().nextLong());
    }

    /** The data of one run, everything derived from the seed. */
    private static final class Data {
        final List<CollectorRecord> firstVersions = new ArrayList<>();
        final List<CollectorRecord> moves = new ArrayList<>();
        final List<List<FileRecord>> filesByRound = new ArrayList<>();   // crawl order
        final List<MetaRecord> sinkMetaByRound = new ArrayList<>();

        Data(Random random) {
            for (int i = 0; i < 6; i++) {
                String name = String.format("rrc%02d", i * 3);
                firstVersions.add(new CollectorRecord(Project.RIPE_RIS, name, "https://data.ris.ripe.net/" + name + "/",
                    300));
            }
            for (String name : List.of("route-views2", "route-views3", "route-views.sg", "route-views.eqix")) {
                firstVersions.add(new CollectorRecord(Project.ROUTE_VIEWS, name,
                    "http://archive.routeviews.org/" + name + "/bgpdata/", 900));
            }
            for (int i : List.of(1, 8)) {
                CollectorRecord c = firstVersions.get(i);
                moves.add(new CollectorRecord(c.project(), c.name(), c.url().replace("://", "://new.") + "moved/",
                    c.updatesInterval()));
            }
            for (int r = 0; r < ROUNDS; r++) {
                long from = T0 + r * ROUND_SECONDS;
                List<CollectorRecord> crawlOrder = new ArrayList<>(firstVersions);
                Collections.shuffle(crawlOrder, random);
                List<FileRecord> round = new ArrayList<>();
                for (CollectorRecord c : crawlOrder) {
                    List<FileRecord> ribs = new ArrayList<>();
                    List<FileRecord> updates = new ArrayList<>();
                    for (long ts = from; ts < from + ROUND_SECONDS; ts += 300) {
                        if (ts % 3600 == 0) {
                            ribs.add(file(c, DataType.RIB, ts, random));
                        }
                        if (ts % c.updatesInterval() == 0) {
                            updates.add(file(c, DataType.UPDATES, ts, random));
                        }
                    }
                    round.addAll(ribs);
                    round.addAll(updates);
                }
                filesByRound.add(round);
                sinkMetaByRound.add(new MetaRecord(Instant.ofEpochSecond(from + 7), 60 + r % 50, round.size()));
            }
        }

        private static FileRecord file(CollectorRecord c, DataType type, long ts, Random random) {
            long rough = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(900_000_000);
            long exact = random.nextInt(10) == 0 ? 0 : rough + random.nextInt(4096);
            return new FileRecord(c.project(), c.name(), type, Instant.ofEpochSecond(ts), rough, exact);
        }

        List<FileRecord> allFiles() {
            return filesByRound.stream().flatMap(List::stream).toList();
        }
    }

    private static final class Run {
        final PostgresDatabase db;
        final long seed;
        final boolean crawlOrder;
        final String sinkLockTimeout;
        final Data data;
        final long deadline = System.nanoTime() + DEADLINE.toNanos();
        final RoundGate gate = new RoundGate(BROKER_THREADS + SINK_TASKS, 1, deadline);
        final CountDownLatch ready = new CountDownLatch(BROKER_THREADS + SINK_TASKS);
        final CountDownLatch go = new CountDownLatch(1);
        final ConcurrentLinkedQueue<String> brokerErrors = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> sinkErrors = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<MetaRecord> brokerMeta = new ConcurrentLinkedQueue<>();
        final AtomicLong brokerFilesInserted = new AtomicLong();
        final AtomicLong brokerStatements = new AtomicLong();
        final AtomicLong sinkPuts = new AtomicLong();
        final AtomicLong sinkRecordsPut = new AtomicLong();

        final Set<Integer> brokerPids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        volatile Map<Long, String> relations = Map.of();
        final AtomicLong lockWaitSamples = new AtomicLong();
        final AtomicLong samples = new AtomicLong();
        volatile boolean writing = true;

        Run(PostgresDatabase db, long seed, boolean crawlOrder, String sinkLockTimeout) {
            this.db = db;
            this.seed = seed;
            this.crawlOrder = crawlOrder;
            this.sinkLockTimeout = sinkLockTimeout;
            System.out.println("DualWriteIT: seed " + seed + ", " + ROUNDS + " rounds, broker rows in "
                + (crawlOrder ? "crawl" : "key") + " order" + (sinkLockTimeout == null ? ""
                : ", sink lock_timeout " + sinkLockTimeout));
            this.data = new Data(new Random(seed));
        }

        void execute() throws Exception {
            Map<String, String> props = new HashMap<>(SinkProps.forDatabase(db));
            props.put("max.retries", "1000");
            // The cutover happens after the history is loaded: the sink is past its first load. A first load into
            // an empty database (index deferral) can be included with -Dbroker.dualwrite.firstLoad=true.
            props.put("first.load.defer.indexes", Boolean.toString(Boolean.getBoolean("broker.dualwrite.firstLoad")));
            // A broker writing files during the first load needs the key that its ON CONFLICT relies on.
            props.put("first.load.defer.primary.key", "false");
            if (sinkLockTimeout != null && !sinkLockTimeout.equals("sink default")) {
                props.put("connection.url", db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?")
                    + "options=-c%20lock_timeout%3D" + sinkLockTimeout);
            }
            List<SinkTaskHarness> tasks = new ArrayList<>();
            // Started one after the other: each start() runs the (serialised, idempotent) Flyway migration.
            tasks.add(new SinkTaskHarness(props, Set.of(tp(BrokerSinkRecords.FILES_TOPIC, 0),
                tp(BrokerSinkRecords.COLLECTORS_TOPIC, 0))));
            tasks.add(new SinkTaskHarness(props, Set.of(tp(BrokerSinkRecords.FILES_TOPIC, 1),
                tp(BrokerSinkRecords.META_TOPIC, 0))));
            Map<String, Integer> nameRank = collationRanks();
            try (Connection c = db.connect()) {
                relations = Deadlocks.relations(c);
            }

            ExecutorService pool = Executors.newFixedThreadPool(BROKER_THREADS + SINK_TASKS);
            long started;
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int b = 0; b < BROKER_THREADS; b++) {
                    int id = b;
                    futures.add(pool.submit(() -> broker(id, nameRank)));
                }
                for (int t = 0; t < SINK_TASKS; t++) {
                    int id = t;
                    SinkTaskHarness task = tasks.get(t);
                    futures.add(pool.submit(() -> sink(id, task)));
                }
                assertTrue(ready.await(30, TimeUnit.SECONDS), "writers ready");
                Thread monitor = new Thread(this::sampleLockWaits, "lock-wait-sampler");
                monitor.setDaemon(true);
                monitor.start();
                started = System.nanoTime();
                go.countDown();
                for (Future<?> f : futures) {
                    f.get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                }
                writing = false;
                monitor.join(10_000);
                if (Boolean.getBoolean("broker.dualwrite.firstLoad")) {
                    // A first load ends when its task catches up: the rebuild adds the deferred indexes back.
                    tasks.get(0).catchUp();
                }
            } finally {
                writing = false;
                pool.shutdownNow();
                tasks.forEach(SinkTaskHarness::close);
            }
            double seconds = (System.nanoTime() - started) / 1e9;

            List<String> retries = new ArrayList<>();
            for (int t = 0; t < SINK_TASKS; t++) {
                for (RetriableException e : tasks.get(t).retries()) {
                    retries.add("task " + t + ": " + Deadlocks.describe(e) + deadlockParties(e));
                }
            }
            long totalFiles = data.allFiles().size();
            System.out.printf("DualWriteIT: %.1f s; broker: %d statements, inserted %d of %d files; sink: %d puts of "
                    + "%d records, inserted the other %d files; %d sink retries; %d broker errors; a writer was "
                    + "waiting for a lock in %d of %d samples%n", seconds,
                brokerStatements.get(), brokerFilesInserted.get(), totalFiles, sinkPuts.get(), sinkRecordsPut.get(),
                totalFiles - brokerFilesInserted.get(), retries.size(), brokerErrors.size(), lockWaitSamples.get(),
                samples.get());
            brokerErrors.forEach(e -> System.out.println("  broker error: " + e));
            retries.forEach(e -> System.out.println("  sink retry: " + e));

            assertTrue(brokerErrors.isEmpty(), "the broker's own statements must never fail (seed " + seed + "): "
                + first(brokerErrors));
            assertTrue(sinkErrors.isEmpty(), "no put() may fail (seed " + seed + "): " + first(sinkErrors));
            List<String> deadlocks = retries.stream()
                .filter(r -> sinkLockTimeout == null || !r.contains("[55P03]")).toList();
            assertTrue(deadlocks.isEmpty(), "no deadlocks on the sink side either (seed " + seed + "): "
                + deadlocks.size() + " retries, e.g. " + deadlocks.subList(0, Math.min(5, deadlocks.size())));
            assertTrue(brokerFilesInserted.get() > 0 && brokerFilesInserted.get() < totalFiles,
                "both sides really inserted files: broker " + brokerFilesInserted.get() + " of " + totalFiles);
            assertEquals(BROKER_THREADS * ROUNDS, brokerMeta.size(), "every broker meta insert succeeded");

            List<CollectorRecord> versions = new ArrayList<>(data.firstVersions);
            versions.addAll(data.moves);
            List<MetaRecord> meta = new ArrayList<>(data.sinkMetaByRound);
            meta.addAll(brokerMeta);
            TargetState expected = TargetState.expected(versions, data.allFiles(), meta, true);
            try (Connection c = db.connect()) {
                TargetState actual = TargetState.read(c);
                TargetState.assertSame("dual write (seed " + seed + ")", expected, actual);
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT (ts, collector_id, data_type)) "
                         + "FROM files")) {
                    rs.next();
                    assertEquals(totalFiles, rs.getLong(1), "every file exactly once");
                    assertEquals(totalFiles, rs.getLong(2), "every file exactly once");
                }
            }
        }

        /** Samples pg_stat_activity while the writers run: evidence that they really block one another. */
        private void sampleLockWaits() {
            try (Connection c = db.connect();
                 PreparedStatement s = c.prepareStatement("SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'), "
                     + "pg_sleep(0.005) FROM pg_stat_activity WHERE datname = current_database()")) {
                while (writing) {
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        samples.incrementAndGet();
                        if (rs.getInt(1) > 0) {
                            lockWaitSamples.incrementAndGet();
                        }
                    }
                }
            } catch (SQLException e) {
                System.out.println("lock-wait sampler stopped: " + e);
            }
        }

        private String deadlockParties(Throwable e) {
            return Deadlocks.cycle(e, pid -> (brokerPids.contains(pid) ? "broker" : "sink") + "(" + pid + ")",
                relations);
        }

        /** The rank of each collector name in the database's collation, i.e. the order of latest's primary key. */
        Map<String, Integer> collationRanks() throws SQLException {
            Map<String, Integer> rank = new HashMap<>();
            try (Connection c = db.connect();
                 PreparedStatement s = c.prepareStatement("SELECT n FROM unnest(?::text[]) AS n ORDER BY n")) {
                Array names = c.createArrayOf("text", data.firstVersions.stream().map(CollectorRecord::name).toArray());
                s.setArray(1, names);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rank.put(rs.getString(1), rank.size());
                    }
                }
            }
            return rank;
        }

        // ---------------------------------------------------------------------------------------------------------
        // The broker

        private void broker(int id, Map<String, Integer> nameRank) {
            Random random = new Random(seed * 31 + id);
            int round = -1;
            boolean counted = false;
            try (Connection c = db.connect()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    brokerPids.add(rs.getInt(1));
                }
                ready.countDown();
                counted = true;
                go.await();
                // Start-up: the broker registers its configured collectors, then caches their ids by name.
                List<CollectorRecord> collectors = new ArrayList<>(data.firstVersions);
                Collections.shuffle(collectors, random);
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO collectors (project, name, url, "
                    + "updates_interval) VALUES (?::project_type, ?, ?, ?) ON CONFLICT (project, name) DO NOTHING")) {
                    for (CollectorRecord collector : collectors) {
                        insert.setString(1, collector.project().canonicalName());
                        insert.setString(2, collector.name());
                        insert.setString(3, collector.url());
                        insert.setInt(4, collector.updatesInterval());
                        insert.executeUpdate();
                        brokerStatements.incrementAndGet();
                    }
                }
                Map<String, Integer> idByName = new HashMap<>();
                Map<Integer, String> nameById = new HashMap<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name FROM collectors")) {
                    while (rs.next()) {
                        idByName.put(rs.getString(2), rs.getInt(1));
                        nameById.put(rs.getInt(1), rs.getString(2));
                    }
                }
                for (round = 0; round < ROUNDS; round++) {
                    gate.awaitTurn(round);
                    brokerRound(c, round, random, idByName, nameById, nameRank, id);
                    gate.finished(id, round);
                }
            } catch (Throwable e) {
                brokerErrors.add("broker thread " + id + ", round " + round + ": " + Deadlocks.describe(e) + deadlockParties(e));
            } finally {
                if (!counted) {
                    ready.countDown(); // start-up failed: do not keep the others waiting
                }
                gate.leave(id);
            }
        }

        private void brokerRound(Connection c, int round, Random random, Map<String, Integer> idByName,
                                 Map<Integer, String> nameById, Map<String, Integer> nameRank, int thread)
            throws SQLException {
            List<FileRecord> items = new ArrayList<>();
            List<String> names = data.firstVersions.stream().map(CollectorRecord::name).toList();
            // Key order: random, overlapping subsets. Crawl order: each thread crawls its own collectors, as parallel
            // per-collector crawlers do, so that broker threads cannot deadlock with one another.
            List<String> crawled = crawlOrder
                ? names.stream().filter(n -> names.indexOf(n) % BROKER_THREADS == thread).toList()
                : names.stream().filter(n -> random.nextInt(10) < 7).toList();
            for (FileRecord f : data.filesByRound.get(round)) {
                if (crawled.contains(f.collector())) {
                    items.add(f);
                }
            }
            if (!crawlOrder) {
                items.sort(Comparator.comparingLong((FileRecord f) -> f.timestamp().getEpochSecond())
                    .thenComparingInt(f -> idByName.get(f.collector()))
                    .thenComparingInt(f -> f.dataType().ordinal()));
            }
            List<String[]> inserted = new ArrayList<>(); // name, type, epoch, rough, exact (as SQL literals)
            for (int from = 0; from < items.size(); from += BROKER_INSERT_BATCH) {
                StringBuilder values = new StringBuilder();
                for (FileRecord f : items.subList(from, Math.min(items.size(), from + BROKER_INSERT_BATCH))) {
                    Integer collectorId = idByName.get(f.collector());
                    if (collectorId == null) {
                        continue; // the broker skips items of collectors it does not know
                    }
                    values.append(values.length() == 0 ? "" : ", ").append("('")
                        .append(BROKER_TS.format(f.timestamp())).append("'::timestamptz, ").append(collectorId)
                        .append(", '").append(f.dataType().canonicalName()).append("'::data_type, ")
                        .append(sqlSize(f.roughSize())).append(", ").append(sqlSize(f.exactSize())).append(')');
                }
                if (values.length() == 0) {
                    continue;
                }
                String sql = "INSERT INTO files (ts, collector_id, data_type, rough_size, exact_size) VALUES " + values
                    + " ON CONFLICT DO NOTHING RETURNING EXTRACT(EPOCH FROM ts)::bigint AS timestamp, collector_id, "
                    + "data_type::text, rough_size, exact_size";
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        inserted.add(new String[] {nameById.get(rs.getInt(2)), rs.getString(3),
                            Long.toString(rs.getLong(1)), rs.getString(4), rs.getString(5)});
                    }
                }
                brokerStatements.incrementAndGet();
            }
            brokerFilesInserted.addAndGet(inserted.size());
            if (!inserted.isEmpty()) {
                // One row per key (a VALUES list naming a key twice is refused by ON CONFLICT DO UPDATE): the newest
                // inserted file of each (collector, type), in the order the keys first appear among the inserted.
                Map<String, String[]> newest = new LinkedHashMap<>();
                for (String[] row : inserted) {
                    newest.merge(row[0] + "|" + row[1], row,
                        (a, b) -> Long.parseLong(b[2]) > Long.parseLong(a[2]) ? b : a);
                }
                List<String[]> rows = new ArrayList<>(newest.values());
                if (!crawlOrder) {
                    rows.sort(Comparator.comparingInt((String[] r) -> nameRank.get(r[0])).thenComparing(r -> r[1]));
                }
                StringBuilder values = new StringBuilder();
                for (String[] r : rows) {
                    values.append(values.length() == 0 ? "" : ", ").append("('").append(r[0]).append("', '")
                        .append(r[1]).append("', '").append(BROKER_TS.format(Instant.ofEpochSecond(Long.parseLong(r[2]))))
                        .append("'::timestamptz, ").append(r[3] == null ? "NULL" : r[3]).append(", ")
                        .append(r[4] == null ? "NULL" : r[4]).append(')');
                }
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO latest (collector_name, type, ts, rough_size, exact_size) VALUES "
                        + values + " ON CONFLICT (collector_name, type) DO UPDATE SET "
                        + "ts = CASE WHEN EXCLUDED.ts > latest.ts THEN EXCLUDED.ts ELSE latest.ts END, "
                        + "rough_size = CASE WHEN EXCLUDED.ts > latest.ts THEN EXCLUDED.rough_size "
                        + "ELSE latest.rough_size END, "
                        + "exact_size = CASE WHEN EXCLUDED.ts > latest.ts THEN EXCLUDED.exact_size "
                        + "ELSE latest.exact_size END");
                }
                brokerStatements.incrementAndGet();
            }
            MetaRecord meta = new MetaRecord(Instant.ofEpochSecond(T0 + round * ROUND_SECONDS + 1000 + thread),
                5 + thread, inserted.size());
            try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO meta (update_ts, update_duration, insert_count) VALUES (to_timestamp(?), ?, ?)")) {
                s.setLong(1, meta.updateTs().getEpochSecond());
                s.setInt(2, (int) meta.updateDurationSeconds());
                s.setInt(3, (int) meta.insertCount());
                s.executeUpdate();
            }
            brokerStatements.incrementAndGet();
            brokerMeta.add(meta);
        }

        private static String sqlSize(long size) {
            return size == 0 ? "NULL" : Long.toString(size);
        }

        // ---------------------------------------------------------------------------------------------------------
        // The sink tasks

        private void sink(int task, SinkTaskHarness harness) {
            int participant = BROKER_THREADS + task;
            Random random = new Random(seed * 17 + task);
            Map<TopicPartition, Long> nextOffset = new HashMap<>();
            List<SinkRecord> previousRound = List.of();
            int round = -1;
            ready.countDown();
            try {
                go.await();
                for (round = 0; round < ROUNDS; round++) {
                    gate.awaitTurn(round);
                    List<List<SinkRecord>> partitions = new ArrayList<>();
                    if (task == 0) {
                        List<CollectorRecord> collectors = round == 0 ? new ArrayList<>(data.firstVersions)
                            : round == ROUNDS / 2 ? new ArrayList<>(data.moves) : new ArrayList<>();
                        Collections.shuffle(collectors, random);
                        partitions.add(records(nextOffset, tp(BrokerSinkRecords.COLLECTORS_TOPIC, 0), collectors,
                            (o, c) -> BrokerSinkRecords.collector(0, o, c)));
                    } else {
                        partitions.add(records(nextOffset, tp(BrokerSinkRecords.META_TOPIC, 0),
                            List.of(data.sinkMetaByRound.get(round)), (o, m) -> BrokerSinkRecords.meta(0, o, m)));
                    }
                    List<FileRecord> mine = data.filesByRound.get(round).stream()
                        .filter(f -> BrokerSinkRecords.partitionOf(f, SINK_TASKS) == task).toList();
                    partitions.add(records(nextOffset, tp(BrokerSinkRecords.FILES_TOPIC, task), mine,
                        (o, f) -> BrokerSinkRecords.file(task, o, f)));
                    List<SinkRecord> delivery = interleave(partitions, random);

                    if (!previousRound.isEmpty() && random.nextInt(5) == 0) {
                        // Kafka re-delivers from an earlier offset (e.g. after a rebalance): a tail of the last round.
                        putInRandomBatches(harness,
                            previousRound.subList(random.nextInt(previousRound.size()), previousRound.size()), random);
                    }
                    putInRandomBatches(harness, delivery, random);
                    Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
                    nextOffset.forEach((tp, next) -> positions.put(tp, new OffsetAndMetadata(next)));
                    Map<TopicPartition, OffsetAndMetadata> committed = harness.preCommit(positions);
                    for (SinkRecord r : delivery) {
                        TopicPartition tp = tp(r.topic(), r.kafkaPartition());
                        if (committed.get(tp) == null || committed.get(tp).offset() != nextOffset.get(tp)) {
                            throw new AssertionError("preCommit of task " + task + " after round " + round + ": "
                                + committed + ", expected " + nextOffset);
                        }
                    }
                    previousRound = delivery;
                    gate.finished(participant, round);
                }
            } catch (Throwable e) {
                sinkErrors.add("sink task " + task + ", round " + round + ": " + Deadlocks.describe(e) + deadlockParties(e));
            } finally {
                gate.leave(participant);
            }
        }

        private void putInRandomBatches(SinkTaskHarness harness, List<SinkRecord> records, Random random) {
            for (int from = 0; from < records.size(); ) {
                int to = Math.min(records.size(), from + 1 + random.nextInt(60));
                harness.put(records.subList(from, to));
                sinkPuts.incrementAndGet();
                sinkRecordsPut.addAndGet(to - from);
                from = to;
            }
        }

        private static <T> List<SinkRecord> records(Map<TopicPartition, Long> nextOffset, TopicPartition tp,
                                                    List<T> values, java.util.function.BiFunction<Long, T, SinkRecord> f) {
            List<SinkRecord> out = new ArrayList<>();
            for (T value : values) {
                long offset = nextOffset.getOrDefault(tp, 0L);
                out.add(f.apply(offset, value));
                nextOffset.put(tp, offset + 1);
            }
            return out;
        }

        /** A random interleaving of the partitions that keeps each partition's own order, as one consumer sees them. */
        private static List<SinkRecord> interleave(List<List<SinkRecord>> partitions, Random random) {
            List<SinkRecord> out = new ArrayList<>();
            int[] next = new int[partitions.size()];
            while (true) {
                List<Integer> open = new ArrayList<>();
                for (int p = 0; p < partitions.size(); p++) {
                    if (next[p] < partitions.get(p).size()) {
                        open.add(p);
                    }
                }
                if (open.isEmpty()) {
                    return out;
                }
                int p = open.get(random.nextInt(open.size()));
                int n = 1 + random.nextInt(15);
                for (int i = 0; i < n && next[p] < partitions.get(p).size(); i++) {
                    out.add(partitions.get(p).get(next[p]++));
                }
            }
        }
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    private static String first(ConcurrentLinkedQueue<String> errors) {
        return errors.size() + " errors, first: " + errors.peek();
    }

}
