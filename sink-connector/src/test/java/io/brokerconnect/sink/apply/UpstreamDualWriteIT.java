package io.brokerconnect.sink.apply;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.it.SinkProps;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
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
import org.junit.jupiter.api.function.Executable;

/**
 * The cutover to upstream's own catalog ({@code target.layout=broker}): the real broker's statements
 * ({@link UpstreamBrokerWriter}, bgpkit-broker {@code src/db/postgres.rs} at {@code f80b9a4}) and two real sink
 * tasks ({@code tasks.max=2}) write the same PostgreSQL at the same time, crawl round after crawl round.
 *
 * <p>Data (from a seed, {@code -Dbroker.upstreamdualwrite.seed}): 10 collectors of both projects (an 11th,
 * {@code rrc26}, joins the broker's configuration in round {@value #NEW_COLLECTOR_ROUND}); a bootstrap round 0 of
 * 90 hours (over 1,000 files per RIPE collector, so the broker's 1,000-row chunks split) and {@value #ROUNDS}-1
 * rounds of 2 hours, about 8,700 files, a tenth with rough or exact size 0; every round moves latest forward, and
 * some files turn up two rounds late (older than latest, which must not move back). The broker crawls each collector
 * from the previous round on (it re-finds files it has, as upstream's crawl from the latest file's day does), ribs
 * then updates per collector, collectors in random completion order; the sink gets every file once, in the round it
 * first appears, split by key between the two tasks (collector records on task 0, meta on task 1).
 *
 * <p>Schedule ({@link RoundGate}, window 0): in step k the broker runs round k ({@code update_database}: collectors
 * it has no latest row for, files, latest, meta, retention, ANALYZE) while each sink task applies the second half of
 * round k-1's records and the first half of round k's, in random batches, partitions interleaved at random. The
 * meta row of round k meets the sink's copy in one of three orders: rounds 0, 3, 6 sink first (the broker waits
 * for the sink's commit), 1, 4, 7 broker first (the sink gets the round only in step k+1), 2, 5 unordered (the
 * sink's copy sits at a random place among the step's records; in practice it usually commits first, since the
 * broker inserts its meta row only after all of the round's files).
 * In the last step the sink replays everything from offset 0 while the broker runs one more round (re-crawl, its own
 * meta row, retention).
 *
 * <p>Meta retention, and what is right about it. Before the dual write the catalog holds one round from 30 days ago,
 * inserted by the broker in an earlier run and also the first record of the sink's meta topic. The broker's
 * retention ({@value #RETENTION_DAYS} days, with the real {@code now()}; every other round lies within the last day)
 * deletes it in round 0. The sink's final replay brings it back: the sink is an insert-only, idempotent copy of the
 * source's meta history, the meta topic is kept forever without tombstones, and the sink knows nothing of the
 * broker's retention, so it cannot tell "deleted by retention" from "not written yet". That is accepted as right
 * because it is bounded and harmless: the row comes back once (not once per copy), it is never the newest row (the
 * only meta row the broker reads), and the broker's next retention pass deletes it again. Asserted: gone after
 * round 0, present exactly once after the replay's meta put, gone after the broker's next round.
 *
 * <p>Asserted at the end: every file exactly once, the catalog equal to {@link TargetState#expectedUpstream} of the
 * records; {@code broker.latest_file} equal to the newest file per (collector, type) computed by SQL from
 * {@code broker.file} and from the expected data; each round's meta row exactly once; no error on the broker's side
 * (any error upstream would log with {@code error!}, deadlocks named as such); no failed sink task (retries are
 * allowed, counted and printed). The negative control drops the sink's trigger
 * {@code broker_connect_meta_same_round} and runs the same interleaving: the sink-first rounds are then in
 * {@code broker.update_meta} twice.
 *
 * <p>Upstream's {@code insert_meta} is {@code INSERT ... RETURNING ...} read with sqlx's {@code fetch_one}: the sink's
 * trigger once turned the broker's insert of a round the sink had copied into a no-op, the statement returned no row
 * and the broker logged "failed to insert meta" ({@link #brokersMetaInsertAfterTheSinksCopyReturnsItsRow} caught it).
 * The trigger now replaces the same round's row, so the insert returns its row and the round is there once.
 *
 * <p>The sink runs past its first load ({@code first.load.defer.indexes=false}), as at a cutover after the history
 * was loaded; {@code -Dbroker.upstreamdualwrite.firstLoad=true} includes the first load.
 */
class UpstreamDualWriteIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final int ROUNDS = 8;
    private static final int NEW_COLLECTOR_ROUND = 4;
    private static final int SINK_TASKS = 2;
    private static final long RETENTION_DAYS = 7;
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String TRIGGER = "broker_connect_meta_same_round";

    /** In which order round k's meta row reaches update_meta from the two sides. */
    enum MetaOrder {
        SINK_FIRST, BROKER_FIRST, UNORDERED;

        static MetaOrder of(int round) {
            return values()[round % 3];
        }
    }

    @Test
    void brokerAndTwoSinkTasksWriteUpstreamsCatalogConcurrently(PostgresDatabase db) throws Exception {
        Run run = new Run(db, seed(), false);
        run.execute();
        List<MetaRecord> expectedMeta = new ArrayList<>(run.data.metaByRound);
        expectedMeta.add(run.finalBrokerMeta);
        try (Connection c = db.connect()) {
            TargetState actual = TargetState.read(c, run.layout);
            TargetState expected = TargetState.expectedUpstream(run.data.collectorVersions(), run.data.allFiles(),
                expectedMeta);
            Map<String, Integer> metaCounts = metaCounts(c);
            List<String> latestMismatches = latestVersusFiles(c);
            List<Long> fileCounts = fileCounts(c);
            assertAll(run.describe(),
                () -> TargetState.assertSame("catalog after the dual write (seed " + run.seed + ")", expected, actual),
                () -> assertEquals(List.of((long) run.data.allFiles().size(), (long) run.data.allFiles().size()),
                    fileCounts, "every file exactly once: count(*), count(DISTINCT key)"),
                () -> assertEquals(List.of(), latestMismatches,
                    "broker.latest_file = newest file per (collector_id, data_type) of broker.file"),
                () -> assertEquals(expectedMetaCounts(expectedMeta), metaCounts, "each round exactly once"),
                () -> assertEquals(0, run.oldRoundAfterFirstRetention, "round 0's retention deleted the old round"),
                () -> assertEquals(1, run.oldRoundBeforeLastRetention, "the replay brought the old round back, once"),
                () -> assertTrue(run.brokerErrors.isEmpty(), "errors on the broker's side (upstream logs them with "
                    + "error!): " + run.brokerErrors),
                () -> assertTrue(run.sinkErrors.isEmpty(), "failed sink tasks: " + run.sinkErrors),
                () -> assertTrue(run.writer.filesInserted() > 0 && run.writer.filesInserted() < fileCounts.get(0),
                    "both sides inserted files: the broker " + run.writer.filesInserted() + " of " + fileCounts.get(0)));
        }
    }

    /**
     * The sink has copied a round, then the broker inserts the same round with upstream's statement: the broker's
     * {@code fetch_one} must get its row back (otherwise upstream logs "failed to insert meta"), and the round must be
     * there once.
     */
    @Test
    void brokersMetaInsertAfterTheSinksCopyReturnsItsRow(PostgresDatabase db) throws Exception {
        MetaRecord round = new MetaRecord(Instant.now().truncatedTo(ChronoUnit.SECONDS), 61, 1200);
        try (SinkTaskHarness sink = new SinkTaskHarness(UpstreamLayoutIT.props(db, LayoutName.BROKER),
                 Set.of(tp(BrokerSinkRecords.META_TOPIC, 0)));
             UpstreamBrokerWriter broker = new UpstreamBrokerWriter(db.connect(), 1);
             Connection c = db.connect()) {
            sink.put(List.of(BrokerSinkRecords.meta(0, 0, round)));
            SQLException error = null;
            try {
                broker.insertMeta(round);
            } catch (SQLException e) {
                error = e;
            }
            SQLException brokerError = error;
            assertAll(() -> assertEquals(Map.of(metaRow(round), 1), metaCounts(c), "the round once"),
                () -> assertEquals(null, brokerError, "upstream's insert_meta (INSERT ... RETURNING, fetch_one) "
                    + "failed"));
        }
    }

    /**
     * The broker stamps its row with its own clock ({@code now()}, microseconds) while the sink copies SQLite's
     * whole-second timestamp of the same round: in either order one row stays, with SQLite's timestamp (so verify
     * compares it exactly), and the broker's {@code INSERT ... RETURNING} still returns its row. A different round
     * (another insert count) is kept apart.
     */
    @Test
    void brokersOwnClockAndTheSinksCopyOfARoundMeetInOneRow(PostgresDatabase db) throws Exception {
        Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        MetaRecord sinkFirst = new MetaRecord(second, 61, 1200);
        MetaRecord brokerFirst = new MetaRecord(second.plusSeconds(300), 59, 900);
        try (SinkTaskHarness sink = new SinkTaskHarness(UpstreamLayoutIT.props(db, LayoutName.BROKER),
                 Set.of(tp(BrokerSinkRecords.META_TOPIC, 0)));
             UpstreamBrokerWriter broker = new UpstreamBrokerWriter(db.connect(), 1);
             Connection c = db.connect()) {
            sink.put(List.of(BrokerSinkRecords.meta(0, 0, sinkFirst)));
            broker.insertMeta(new MetaRecord(second.plusMillis(734), 61, 1200));
            broker.insertMeta(new MetaRecord(second.plusSeconds(299).plusMillis(512), 59, 900));
            sink.put(List.of(BrokerSinkRecords.meta(0, 1, brokerFirst)));
            broker.insertMeta(new MetaRecord(second.plusSeconds(301), 59, 901)); // another round: kept
            assertEquals(List.of(second.getEpochSecond() + ".000000|61|1200",
                    (second.getEpochSecond() + 300) + ".000000|59|900", (second.getEpochSecond() + 301) + ".000000|59|901"),
                UpstreamLayoutIT.column(c, "SELECT to_char(extract(epoch FROM update_ts), 'FM9999999999.000000') || '|' "
                    + "|| update_duration_seconds || '|' || insert_count FROM broker.update_meta ORDER BY update_ts"));
        }
    }

    /**
     * The negative control: without the sink's trigger on broker.update_meta, the same interleaving leaves a round
     * the sink committed first in the table twice (the broker's INSERT does not look), while files, latest and
     * collectors are unaffected. The sink's own insert checks for the row, so broker-first rounds and the replay
     * still add nothing.
     */
    @Test
    void withoutTheMetaTriggerTheSameInterleavingDuplicatesRounds(PostgresDatabase db) throws Exception {
        Run run = new Run(db, seed(), true);
        run.execute();
        try (Connection c = db.connect()) {
            TargetState actual = TargetState.read(c, run.layout);
            List<MetaRecord> expectedMeta = new ArrayList<>(run.data.metaByRound);
            expectedMeta.add(run.finalBrokerMeta);
            TargetState expected = TargetState.expectedUpstream(run.data.collectorVersions(), run.data.allFiles(),
                expectedMeta);
            Map<String, Integer> counts = metaCounts(c);
            List<String> latestMismatches = latestVersusFiles(c);
            List<Executable> checks = new ArrayList<>();
            checks.add(() -> TargetState.assertSame("catalog without the trigger, meta aside (seed " + run.seed + ")",
                new TargetState(expected.collectors(), expected.files(), expected.latest(), actual.meta()), actual));
            checks.add(() -> assertEquals(List.of(), latestMismatches, "latest = newest of broker.file"));
            checks.add(() -> assertTrue(run.brokerErrors.isEmpty(), "broker errors: " + run.brokerErrors));
            checks.add(() -> assertTrue(run.sinkErrors.isEmpty(), "failed sink tasks: " + run.sinkErrors));
            int duplicated = 0;
            for (int r = 0; r < ROUNDS; r++) {
                String row = metaRow(run.data.metaByRound.get(r));
                int n = counts.getOrDefault(row, 0);
                duplicated += n > 1 ? 1 : 0;
                MetaOrder order = MetaOrder.of(r);
                String what = "round " + r + " (" + order + ") " + row + " without the trigger";
                switch (order) {
                    case SINK_FIRST -> checks.add(() -> assertEquals(2, n, what + ": the broker's insert duplicates"));
                    case BROKER_FIRST -> checks.add(() -> assertEquals(1, n, what + ": the sink's insert looks first"));
                    case UNORDERED -> checks.add(() -> assertTrue(n == 1 || n == 2, what + ": " + n));
                }
            }
            int duplicatedRounds = duplicated;
            System.out.println("UpstreamDualWriteIT (no trigger): " + duplicatedRounds + " of " + ROUNDS
                + " rounds duplicated in broker.update_meta");
            checks.add(() -> assertTrue(duplicatedRounds >= 3, "duplicates appear: " + counts));
            assertAll(run.describe(), checks.stream());
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Reading the result

    private static String metaRow(MetaRecord m) {
        return m.updateTs().getEpochSecond() + "|" + m.updateDurationSeconds() + "|" + m.insertCount();
    }

    private static Map<String, Integer> expectedMetaCounts(List<MetaRecord> meta) {
        Map<String, Integer> counts = new TreeMap<>();
        meta.forEach(m -> counts.merge(metaRow(m), 1, Integer::sum));
        return counts;
    }

    private static Map<String, Integer> metaCounts(Connection c) throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT extract(epoch FROM update_ts)"
            + "::bigint, update_duration_seconds, insert_count, count(*) FROM broker.update_meta GROUP BY 1, 2, 3")) {
            while (rs.next()) {
                counts.put(rs.getLong(1) + "|" + rs.getInt(2) + "|" + rs.getInt(3), rs.getInt(4));
            }
        }
        return counts;
    }

    private static List<Long> fileCounts(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), "
            + "count(DISTINCT (ts_start, collector_id, data_type)) FROM broker.file")) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2));
        }
    }

    /** Rows where broker.latest_file differs from the newest file per (collector_id, data_type) of broker.file. */
    private static List<String> latestVersusFiles(Connection c) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
            "WITH newest AS (SELECT DISTINCT ON (collector_id, data_type) collector_id, data_type, ts_start, "
                + "rough_size, exact_size FROM broker.file ORDER BY collector_id, data_type, ts_start DESC) "
                + "SELECT coalesce(l.collector_id, n.collector_id) || '|' || coalesce(l.data_type, n.data_type) "
                + "|| ' latest_file: ' || coalesce(l.ts_start::text || '/' || l.rough_size || '/' || l.exact_size, "
                + "'none') || ', newest file: ' || coalesce(n.ts_start::text || '/' || n.rough_size || '/' "
                + "|| n.exact_size, 'none') "
                + "FROM broker.latest_file l FULL JOIN newest n "
                + "ON l.collector_id = n.collector_id AND l.data_type = n.data_type "
                + "WHERE (l.ts_start, l.rough_size, l.exact_size) IS DISTINCT FROM "
                + "(n.ts_start, n.rough_size, n.exact_size) ORDER BY 1")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static long seed() {
        return Long.getLong("broker.upstreamdualwrite.seed", new Random().nextLong());
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    // -------------------------------------------------------------------------------------------------------------
    // The data

    /** Everything a run writes, derived from the seed (timestamps relative to the start of the hour). */
    static final class Data {
        final Instant now0 = Instant.now().truncatedTo(ChronoUnit.HOURS);
        final List<CollectorRecord> initial = new ArrayList<>();
        final CollectorRecord added = ripe("rrc26");
        /** Per round, per collector (in crawl completion order): the files first found in that round. */
        final List<Map<String, List<FileRecord>>> newFiles = new ArrayList<>();
        /** Per round, in the order the sink's source emits them (SQLite rowid = the broker's insert order). */
        final List<List<FileRecord>> filesByRound = new ArrayList<>();
        final List<MetaRecord> metaByRound = new ArrayList<>();
        final MetaRecord oldRound = new MetaRecord(now0.minus(Duration.ofDays(30)), 55, 4321);
        final Instant finalMetaTs = now0.minus(Duration.ofMinutes(30));

        Data(Random random) {
            for (String name : List.of("rrc00", "rrc01", "rrc03", "rrc12", "rrc21")) {
                initial.add(ripe(name));
            }
            for (String name : List.of("route-views2", "route-views3", "route-views.sg", "route-views.eqix",
                "route-views.linx")) {
                initial.add(new CollectorRecord(Project.ROUTE_VIEWS, name, "http://archive.routeviews.org/"
                    + (name.equals("route-views2") ? "" : name + "/") + "bgpdata", 900));
            }
            long bootstrapHours = 90;
            long roundHours = 2;
            Instant start = now0.minus(Duration.ofHours(bootstrapHours + roundHours * (ROUNDS - 1) + 2));
            Map<Integer, Map<String, List<FileRecord>>> late = new HashMap<>();
            for (int r = 0; r < ROUNDS; r++) {
                Instant from = r == 0 ? start : start.plus(Duration.ofHours(bootstrapHours + roundHours * (r - 1)));
                Instant to = start.plus(Duration.ofHours(bootstrapHours + roundHours * r));
                List<CollectorRecord> crawled = new ArrayList<>(configured(r));
                Collections.shuffle(crawled, random); // completion order of the parallel crawls
                Map<String, List<FileRecord>> round = new LinkedHashMap<>();
                for (CollectorRecord c : crawled) {
                    List<FileRecord> found = new ArrayList<>(late.getOrDefault(r, Map.of()).getOrDefault(c.name(),
                        List.of()));
                    long ribEvery = c.project() == Project.RIPE_RIS ? 8 * 3600 : 2 * 3600;
                    for (long ts = from.getEpochSecond(); ts < to.getEpochSecond(); ts += 300) {
                        for (DataType type : DataType.values()) {
                            long every = type == DataType.RIB ? ribEvery : c.updatesInterval();
                            if (ts % every != 0) {
                                continue;
                            }
                            FileRecord f = file(c, type, ts, random);
                            if (r + 2 < ROUNDS && random.nextInt(50) == 0) { // published two rounds late
                                late.computeIfAbsent(r + 2, k -> new HashMap<>())
                                    .computeIfAbsent(c.name(), k -> new ArrayList<>()).add(f);
                            } else {
                                found.add(f);
                            }
                        }
                    }
                    found.sort(CRAWL_ORDER);
                    round.put(c.name(), found);
                }
                newFiles.add(round);
                List<FileRecord> all = round.values().stream().flatMap(List::stream).toList();
                filesByRound.add(all);
                metaByRound.add(new MetaRecord(to.plus(Duration.ofMinutes(7)), 40 + r, all.size()));
            }
        }

        /** Per collector: its ribs, then its updates, each by time. */
        static final Comparator<FileRecord> CRAWL_ORDER = Comparator.comparing(FileRecord::dataType,
            Comparator.comparingInt((DataType t) -> t == DataType.RIB ? 0 : 1)).thenComparing(FileRecord::timestamp);

        private static CollectorRecord ripe(String name) {
            return new CollectorRecord(Project.RIPE_RIS, name, "https://data.ris.ripe.net/" + name, 300);
        }

        private static FileRecord file(CollectorRecord c, DataType type, long ts, Random random) {
            long rough = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(900_000_000);
            long exact = random.nextInt(10) == 0 ? 0 : rough + random.nextInt(4096);
            return new FileRecord(c.project(), c.name(), type, Instant.ofEpochSecond(ts), rough, exact);
        }

        /** The broker's configured collectors in round {@code round} (the last, extra round included). */
        List<CollectorRecord> configured(int round) {
            List<CollectorRecord> out = new ArrayList<>(initial);
            if (round >= NEW_COLLECTOR_ROUND) {
                out.add(added);
            }
            return out;
        }

        /** What the broker's crawl of round {@code round} finds per collector: the previous round's files again. */
        List<List<FileRecord>> brokerCrawls(int round) {
            List<List<FileRecord>> crawls = new ArrayList<>();
            Map<String, List<FileRecord>> previous = round == 0 ? Map.of() : newFiles.get(round - 1);
            Map<String, List<FileRecord>> current = round < ROUNDS ? newFiles.get(round) : Map.of();
            List<String> order = new ArrayList<>(current.keySet());
            previous.keySet().stream().filter(n -> !current.containsKey(n)).forEach(order::add);
            for (String name : order) {
                List<FileRecord> items = new ArrayList<>(previous.getOrDefault(name, List.of()));
                items.addAll(current.getOrDefault(name, List.of()));
                items.sort(CRAWL_ORDER);
                crawls.add(items);
            }
            return crawls;
        }

        List<CollectorRecord> collectorVersions() {
            return configured(ROUNDS);
        }

        List<FileRecord> allFiles() {
            return filesByRound.stream().flatMap(List::stream).toList();
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // One run

    private static final class Run {
        final PostgresDatabase db;
        final long seed;
        final boolean dropTrigger;
        final Data data;
        final TargetLayout layout = UpstreamLayoutIT.layout(LayoutName.BROKER);
        final long deadline = System.nanoTime() + DEADLINE.toNanos();
        final RoundGate gate = new RoundGate(1 + SINK_TASKS, 0, deadline);
        final List<CompletableFuture<Void>> sinkMetaCommitted = new ArrayList<>();
        final CompletableFuture<Void> replayMetaCommitted = new CompletableFuture<>();
        final ConcurrentLinkedQueue<String> brokerErrors = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> sinkErrors = new ConcurrentLinkedQueue<>();
        final AtomicLong sinkPuts = new AtomicLong();
        final AtomicLong sinkRecordsPut = new AtomicLong();
        final AtomicLong lockWaitSamples = new AtomicLong();
        final AtomicLong samples = new AtomicLong();
        volatile boolean writing = true;
        volatile int oldRoundAfterFirstRetention = -1;
        volatile int oldRoundBeforeLastRetention = -1;
        volatile MetaRecord finalBrokerMeta;
        UpstreamBrokerWriter writer;
        Map<Long, String> relations = Map.of();
        final List<String> retries = new ArrayList<>();
        double seconds;

        /** Per sink task, per partition: the records of each step (0..ROUNDS), offsets in delivery order. */
        final List<Map<TopicPartition, List<List<SinkRecord>>>> steps = new ArrayList<>();

        Run(PostgresDatabase db, long seed, boolean dropTrigger) {
            this.db = db;
            this.seed = seed;
            this.dropTrigger = dropTrigger;
            this.data = new Data(new Random(seed));
            for (int r = 0; r < ROUNDS; r++) {
                sinkMetaCommitted.add(new CompletableFuture<>());
            }
            planSinkRecords();
        }

        String describe() {
            return "seed " + seed + (dropTrigger ? ", without the meta trigger" : "");
        }

        private void planSinkRecords() {
            TopicPartition collectors = tp(BrokerSinkRecords.COLLECTORS_TOPIC, 0);
            TopicPartition meta = tp(BrokerSinkRecords.META_TOPIC, 0);
            Random random = new Random(seed * 7 + 1);
            for (int task = 0; task < SINK_TASKS; task++) {
                Map<TopicPartition, List<List<SinkRecord>>> mine = new LinkedHashMap<>();
                TopicPartition files = tp(BrokerSinkRecords.FILES_TOPIC, task);
                long offset = 0;
                List<List<SinkRecord>> fileSteps = new ArrayList<>();
                for (int step = 0; step <= ROUNDS; step++) {
                    List<FileRecord> step0 = new ArrayList<>();
                    if (step > 0) {
                        List<FileRecord> prev = partition(data.filesByRound.get(step - 1), task);
                        step0.addAll(prev.subList(prev.size() / 2, prev.size()));
                    }
                    if (step < ROUNDS) {
                        List<FileRecord> cur = partition(data.filesByRound.get(step), task);
                        step0.addAll(cur.subList(0, cur.size() / 2));
                    }
                    List<SinkRecord> records = new ArrayList<>();
                    for (FileRecord f : step0) {
                        records.add(BrokerSinkRecords.file(task, offset++, f));
                    }
                    fileSteps.add(records);
                }
                mine.put(files, fileSteps);
                offset = 0;
                if (task == 0) {
                    List<List<SinkRecord>> collectorSteps = new ArrayList<>();
                    for (int step = 0; step <= ROUNDS; step++) {
                        List<CollectorRecord> these = new ArrayList<>();
                        if (step == 0) {
                            these.addAll(data.initial);
                            Collections.shuffle(these, random);
                        } else if (step == NEW_COLLECTOR_ROUND) {
                            these.add(data.added);
                        }
                        List<SinkRecord> records = new ArrayList<>();
                        for (CollectorRecord c : these) {
                            records.add(BrokerSinkRecords.collector(0, offset++, c));
                        }
                        collectorSteps.add(records);
                    }
                    mine.put(collectors, collectorSteps);
                } else {
                    offset = 1; // offset 0: the old round, the history delivered before the dual write
                    List<List<SinkRecord>> metaSteps = new ArrayList<>();
                    for (int step = 0; step <= ROUNDS; step++) {
                        List<SinkRecord> records = new ArrayList<>();
                        if (step > 0 && MetaOrder.of(step - 1) == MetaOrder.BROKER_FIRST) {
                            records.add(BrokerSinkRecords.meta(0, offset++, data.metaByRound.get(step - 1)));
                        }
                        if (step < ROUNDS && MetaOrder.of(step) != MetaOrder.BROKER_FIRST) {
                            records.add(BrokerSinkRecords.meta(0, offset++, data.metaByRound.get(step)));
                        }
                        metaSteps.add(records);
                    }
                    mine.put(meta, metaSteps);
                }
                steps.add(mine);
            }
        }

        private static List<FileRecord> partition(List<FileRecord> files, int task) {
            return files.stream().filter(f -> BrokerSinkRecords.partitionOf(f, SINK_TASKS) == task).toList();
        }

        SinkRecord historyMeta() {
            return BrokerSinkRecords.meta(0, 0, data.oldRound);
        }

        void execute() throws Exception {
            Map<String, String> props = UpstreamLayoutIT.props(db, LayoutName.BROKER);
            props.put("max.retries", "1000");
            props.put("first.load.defer.indexes",
                Boolean.toString(Boolean.getBoolean("broker.upstreamdualwrite.firstLoad")));
            List<SinkTaskHarness> tasks = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(1 + SINK_TASKS);
            Thread sampler = new Thread(this::sampleLockWaits, "lock-wait-sampler");
            sampler.setDaemon(true);
            long started = System.nanoTime();
            try {
                // Started one after the other: each start() runs the (serialised, idempotent) migrations, which
                // create the broker's catalog (as upstream's schema.sql would) and the sink's triggers on it.
                tasks.add(new SinkTaskHarness(props, Set.of(tp(BrokerSinkRecords.FILES_TOPIC, 0),
                    tp(BrokerSinkRecords.COLLECTORS_TOPIC, 0))));
                tasks.add(new SinkTaskHarness(props, Set.of(tp(BrokerSinkRecords.FILES_TOPIC, 1),
                    tp(BrokerSinkRecords.META_TOPIC, 0))));
                try (Connection c = db.connect(); Statement s = c.createStatement()) {
                    if (dropTrigger) {
                        s.execute("DROP TRIGGER " + TRIGGER + " ON broker.update_meta");
                    }
                    relations = brokerRelations(c);
                }
                // Before the dual write: the broker's row of a round 30 days ago (its earlier run), and the same
                // round as the first record of the sink's meta topic.
                writer = new UpstreamBrokerWriter(db.connect(), seed * 13 + 5);
                writer.insertMeta(data.oldRound);
                tasks.get(1).put(List.of(historyMeta()));

                List<Future<?>> futures = new ArrayList<>();
                futures.add(pool.submit(this::broker));
                for (int t = 0; t < SINK_TASKS; t++) {
                    int id = t;
                    SinkTaskHarness task = tasks.get(t);
                    futures.add(pool.submit(() -> sink(id, task)));
                }
                sampler.start();
                for (Future<?> f : futures) {
                    f.get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                }
            } finally {
                writing = false;
                pool.shutdownNow();
                tasks.forEach(SinkTaskHarness::close);
                if (writer != null) {
                    writer.close();
                }
            }
            sampler.join(10_000);
            seconds = (System.nanoTime() - started) / 1e9;
            for (int t = 0; t < SINK_TASKS; t++) {
                for (RetriableException e : tasks.get(t).retries()) {
                    retries.add("task " + t + ": " + Deadlocks.describe(e) + parties(e));
                }
            }
            long deadlocks = retries.stream().filter(r -> r.contains("[40P01]")).count();
            long lockTimeouts = retries.stream().filter(r -> r.contains("[55P03]")).count();
            long total = data.allFiles().size();
            System.out.printf("UpstreamDualWriteIT (%s): %.1f s; %d files, %d rounds + 1; broker: %d statements, "
                    + "inserted %d files, skipped %d items of collectors not in its cache, %d errors; sink: %d puts of "
                    + "%d records, %d retries (%d deadlocks, %d lock timeouts); a session waited for a lock in %d of "
                    + "%d samples%n", describe(), seconds, total, ROUNDS, writer.statements(), writer.filesInserted(),
                writer.skippedUncached(), brokerErrors.size(), sinkPuts.get(), sinkRecordsPut.get(), retries.size(),
                deadlocks, lockTimeouts, lockWaitSamples.get(), samples.get());
            brokerErrors.forEach(e -> System.out.println("  broker error: " + e));
            retries.forEach(e -> System.out.println("  sink retry: " + e));
            sinkErrors.forEach(e -> System.out.println("  sink failure: " + e));
        }

        // ---------------------------------------------------------------------------------------------------------
        // The broker

        private void broker() {
            int round = -1;
            try (Connection observer = db.connect()) {
                for (round = 0; round <= ROUNDS; round++) {
                    gate.awaitTurn(round);
                    int r = round;
                    MetaRecord row;
                    if (round < ROUNDS) {
                        Runnable beforeMeta = MetaOrder.of(round) == MetaOrder.SINK_FIRST
                            ? () -> await(sinkMetaCommitted.get(r), "the sink's commit of round " + r + "'s meta")
                            : () -> { };
                        row = writer.updateDatabase("round " + round, data.configured(round), data.brokerCrawls(round),
                            data.metaByRound.get(round), null, RETENTION_DAYS, beforeMeta);
                        if (round == 0) {
                            oldRoundAfterFirstRetention = count(observer, data.oldRound);
                        }
                    } else {
                        // The broker's next round, while the sink replays: it re-crawls the last round, inserts its
                        // own meta row and runs retention once the replay has put the old round back.
                        row = writer.updateDatabase("round " + round, data.configured(round), data.brokerCrawls(round), null,
                            data.finalMetaTs, RETENTION_DAYS, () -> {
                                await(replayMetaCommitted, "the replay's meta");
                                oldRoundBeforeLastRetention = count(observer, data.oldRound);
                            });
                        finalBrokerMeta = row;
                    }
                    gate.finished(0, round);
                }
            } catch (Throwable e) {
                brokerErrors.add("broker, round " + round + ": " + Deadlocks.describe(e));
            } finally {
                writer.errors().forEach(e -> brokerErrors.add(e + parties(e.error())));
                gate.leave(0);
            }
        }

        private void await(CompletableFuture<Void> event, String what) {
            try {
                event.get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the broker waited in vain for " + what, e);
            }
        }

        private int count(Connection c, MetaRecord m) {
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM broker.update_meta "
                + "WHERE update_ts = to_timestamp(?) AND update_duration_seconds = ? AND insert_count = ?")) {
                s.setLong(1, m.updateTs().getEpochSecond());
                s.setLong(2, m.updateDurationSeconds());
                s.setLong(3, m.insertCount());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        // ---------------------------------------------------------------------------------------------------------
        // The sink tasks

        private void sink(int task, SinkTaskHarness harness) {
            int participant = 1 + task;
            Random random = new Random(seed * 17 + task);
            Map<TopicPartition, List<List<SinkRecord>>> mine = steps.get(task);
            TopicPartition meta = tp(BrokerSinkRecords.META_TOPIC, 0);
            Map<TopicPartition, Long> next = new HashMap<>();
            if (task == 1) {
                next.put(meta, 1L);
            }
            int step = -1;
            try {
                for (step = 0; step <= ROUNDS; step++) {
                    gate.awaitTurn(step);
                    List<List<SinkRecord>> parts = new ArrayList<>();
                    for (Map.Entry<TopicPartition, List<List<SinkRecord>>> e : mine.entrySet()) {
                        List<SinkRecord> records = e.getValue().get(step);
                        if (e.getKey().equals(meta) && step < ROUNDS && MetaOrder.of(step) == MetaOrder.SINK_FIRST) {
                            put(harness, records); // on its own and first: committed before the broker's insert
                            sinkMetaCommitted.get(step).complete(null);
                        } else {
                            parts.add(records);
                        }
                        advance(next, records);
                    }
                    putInRandomBatches(harness, interleave(parts, random), random, 60);
                    if (step == ROUNDS) {
                        replay(task, harness, random);
                    }
                    checkPreCommit(task, harness, next, step);
                    gate.finished(participant, step);
                }
            } catch (Throwable e) {
                sinkErrors.add("sink task " + task + ", step " + step + ": " + Deadlocks.describe(e) + parties(e));
            } finally {
                if (task == 1) {
                    IllegalStateException failed = new IllegalStateException("sink task 1 stopped");
                    sinkMetaCommitted.forEach(f -> f.completeExceptionally(failed));
                    replayMetaCommitted.completeExceptionally(failed);
                }
                gate.leave(participant);
            }
        }

        /** Everything again from offset 0, as after a reset of the consumer group's offsets. */
        private void replay(int task, SinkTaskHarness harness, Random random) {
            List<List<SinkRecord>> parts = new ArrayList<>();
            for (Map.Entry<TopicPartition, List<List<SinkRecord>>> e : steps.get(task).entrySet()) {
                List<SinkRecord> all = new ArrayList<>();
                if (e.getKey().topic().equals(BrokerSinkRecords.META_TOPIC)) {
                    all.add(historyMeta());
                    e.getValue().forEach(all::addAll);
                    put(harness, all);
                    replayMetaCommitted.complete(null);
                } else {
                    e.getValue().forEach(all::addAll);
                    parts.add(all);
                }
            }
            putInRandomBatches(harness, interleave(parts, random), random, 1_500);
        }

        private void put(SinkTaskHarness harness, List<SinkRecord> records) {
            harness.put(records);
            sinkPuts.incrementAndGet();
            sinkRecordsPut.addAndGet(records.size());
        }

        private void putInRandomBatches(SinkTaskHarness harness, List<SinkRecord> records, Random random, int max) {
            for (int from = 0; from < records.size(); ) {
                int to = Math.min(records.size(), from + 1 + random.nextInt(max));
                put(harness, records.subList(from, to));
                from = to;
            }
        }

        private static void advance(Map<TopicPartition, Long> next, List<SinkRecord> records) {
            for (SinkRecord r : records) {
                next.merge(tp(r.topic(), r.kafkaPartition()), r.kafkaOffset() + 1, Math::max);
            }
        }

        /** Connect may commit exactly what was put: every partition's next offset (put() commits its batches). */
        private static void checkPreCommit(int task, SinkTaskHarness harness, Map<TopicPartition, Long> next,
                                           int step) {
            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            next.forEach((tp, offset) -> positions.put(tp, new OffsetAndMetadata(offset)));
            Map<TopicPartition, OffsetAndMetadata> committed = harness.preCommit(positions);
            for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                if (c == null || c.offset() != e.getValue()) {
                    throw new AssertionError("preCommit of task " + task + " after step " + step + ": " + committed
                        + ", expected " + next);
                }
            }
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
                int n = 1 + random.nextInt(40);
                for (int i = 0; i < n && next[p] < partitions.get(p).size(); i++) {
                    out.add(partitions.get(p).get(next[p]++));
                }
            }
        }

        // ---------------------------------------------------------------------------------------------------------
        // Diagnostics

        /** Samples pg_stat_activity while the writers run: evidence that they really wait for one another. */
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

        /** For a deadlock: its cycle, the broker's session named as such. */
        private String parties(Throwable e) {
            int brokerPid = writer == null ? -1 : writer.pid();
            return Deadlocks.cycle(e, pid -> (pid == brokerPid ? "broker" : "sink") + "(" + pid + ")", relations);
        }

        private static Map<Long, String> brokerRelations(Connection c) throws SQLException {
            Map<Long, String> names = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT c.oid, n.nspname || '.' || "
                + "c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname IN ('broker', 'broker_connect')")) {
                while (rs.next()) {
                    names.put(rs.getLong(1), rs.getString(2));
                }
            }
            return names;
        }
    }
}
