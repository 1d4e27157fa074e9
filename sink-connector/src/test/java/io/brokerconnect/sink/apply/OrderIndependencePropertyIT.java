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
import io.brokerconnect.testkit.postgres.PostgresServer;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Property: the final content of PostgreSQL does not depend on how Kafka delivers the three streams to the sink.
 *
 * <p>Each case generates a small broker-like dataset (collectors of both projects, some of which move to a new url or
 * interval once; a few hundred rib/updates files on a shared time grid, so equal timestamps across collectors, with
 * some sizes 0; sometimes a collector that only ever appears in files; meta rows, some sharing an update_ts) and
 * applies it with the real {@code PostgresSinkTask} to two fresh databases:
 * <ol>
 *   <li>canonically: all collectors, then all files, then all meta;</li>
 *   <li>as Kafka may: the partitions of the three topics interleaved at random (each partition in its own order, so
 *       per-key order holds), cut into put() calls of random sizes, with replays (a partition rewound to an earlier
 *       offset and re-delivered from there), task restarts that resume from the offsets the task gave preCommit
 *       (polled but unwritten records are lost with the old task), and in a third of the cases every file delivered
 *       before any collector record (placeholders first, converging later; checked in between).</li>
 * </ol>
 * Both final states must equal each other and the state computed in Java from the dataset ({@link TargetState}).
 *
 * <p>{@code -Dbroker.property.seed=N} fixes the first case's seed (a failure prints it), {@code -Dbroker.property.cases}
 * sets the number of cases. The loop stops early once {@link #TIME_BUDGET} is spent, after at least {@link #MIN_CASES}.
 */
class OrderIndependencePropertyIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final int CASES = Integer.getInteger("broker.property.cases", 40);
    private static final int MIN_CASES = Math.min(CASES, 15);
    private static final Duration TIME_BUDGET = Duration.ofSeconds(45);
    private static final long STEP_SEED = 0x9E3779B97F4A7C15L;

    private static final int COLLECTOR_PARTITIONS = 2;
    private static final int FILE_PARTITIONS = 3;
    private static final long T0 = 1_704_067_200L; // 2024-01-01T00:00:00Z

    private static final List<String> RIS_NAMES = List.of("rrc00", "rrc01", "rrc03", "rrc04", "rrc05", "rrc06",
        "rrc07", "rrc10", "rrc11", "rrc12", "rrc13", "rrc14", "rrc15", "rrc16", "rrc18", "rrc19", "rrc20", "rrc21",
        "rrc22", "rrc23", "rrc24", "rrc25", "rrc26");
    private static final List<String> ROUTE_VIEWS_NAMES = List.of("route-views2", "route-views3", "route-views4",
        "route-views5", "route-views6", "route-views.sg", "route-views.eqix", "route-views.amsix", "route-views.linx",
        "route-views.wide", "route-views.isc", "route-views.kixp", "route-views.jinx", "route-views.chicago",
        "route-views.napafrica", "route-views.sydney");

    @Test
    void finalStateDoesNotDependOnDeliveryOrderBatchingOrReplays(PostgresServer server) throws Exception {
        long firstSeed = Long.getLong("broker.property.seed", new Random().nextLong());
        System.out.println("OrderIndependencePropertyIT: first seed " + firstSeed + ", up to " + CASES + " cases");
        long started = System.nanoTime();
        int ran = 0;
        long seed = firstSeed;
        for (int i = 0; i < CASES; i++, seed += STEP_SEED) {
            if (ran >= MIN_CASES && Duration.ofNanos(System.nanoTime() - started).compareTo(TIME_BUDGET) > 0) {
                break;
            }
            try {
                runCase(server, seed);
            } catch (Throwable e) {
                throw new AssertionError("Case " + i + " failed with seed " + seed + " (reproduce with "
                    + "-Dbroker.property.seed=" + seed + " -Dbroker.property.cases=1): " + e.getMessage(), e);
            }
            ran++;
        }
        System.out.printf("OrderIndependencePropertyIT: %d cases passed in %.1f s%n", ran,
            (System.nanoTime() - started) / 1e9);
        assertTrue(ran >= MIN_CASES, "ran " + ran + " cases");
    }

    private void runCase(PostgresServer server, long seed) throws Exception {
        Random random = new Random(seed);
        Dataset data = Dataset.generate(random);
        boolean zeroAsNull = random.nextInt(5) != 0;
        int batchSize = List.of(3, 40, 10_000).get(random.nextInt(3));
        TargetState expected = TargetState.expected(data.collectorVersions, data.files, data.meta, zeroAsNull);

        PostgresDatabase canonicalDb = server.createUniqueDatabase("order_canonical");
        PostgresDatabase shuffledDb = server.createUniqueDatabase("order_shuffled");
        try {
            applyCanonically(props(canonicalDb, zeroAsNull, batchSize), data);
            TargetState canonical = read(canonicalDb);
            TargetState.assertSame("[" + data.summary + "] canonical order vs. expected", expected, canonical);

            String how = applyAsKafkaMight(props(shuffledDb, zeroAsNull, batchSize), data, random, shuffledDb,
                zeroAsNull);
            System.out.println("  seed " + seed + ": " + data.summary + "; " + how + "; batch.size=" + batchSize
                + ", sizes.zero.as.null=" + zeroAsNull);
            TargetState shuffled = read(shuffledDb);
            TargetState.assertSame("[" + data.summary + "; " + how + "; batch.size=" + batchSize
                + "] canonical order vs. random order", canonical, shuffled);
        } finally {
            server.dropDatabase(canonicalDb.name());
            server.dropDatabase(shuffledDb.name());
        }
    }

    private static Map<String, String> props(PostgresDatabase db, boolean zeroAsNull, int batchSize) {
        Map<String, String> props = new HashMap<>(SinkProps.forDatabase(db));
        props.put("sizes.zero.as.null", Boolean.toString(zeroAsNull));
        props.put("batch.size", Integer.toString(batchSize));
        // Each delivery ends with the task catching up (idle puts), which ends its first load: until then the spec
        // layout's files table has no primary key, and records delivered twice are stored twice (FirstLoadIndexes).
        props.put("first.load.caught.up.after.ms", "200");
        return props;
    }

    private static TargetState read(PostgresDatabase db) throws Exception {
        try (Connection connection = db.connect()) {
            return TargetState.read(connection);
        }
    }

    private static void applyCanonically(Map<String, String> props, Dataset data) throws InterruptedException {
        List<Partition> partitions = data.partitions();
        try (SinkTaskHarness task = new SinkTaskHarness(props, tps(partitions))) {
            for (String topic : List.of(BrokerSinkRecords.COLLECTORS_TOPIC, BrokerSinkRecords.FILES_TOPIC,
                BrokerSinkRecords.META_TOPIC)) {
                List<SinkRecord> all = new ArrayList<>();
                partitions.stream().filter(p -> p.tp.topic().equals(topic)).forEach(p -> all.addAll(p.records));
                task.put(all);
            }
            task.catchUp();
            Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(positions(partitions, null));
            for (Partition p : partitions) {
                if (!p.records.isEmpty()) {
                    assertEquals(p.records.size(), committed.get(p.tp).offset(), "committed offset of " + p.tp);
                }
            }
            assertTrue(task.retries().isEmpty(), "no transient failures expected: " + task.retries());
        }
    }

    /** Delivers like a consumer would, returns a description of what happened (for failure messages). */
    private static String applyAsKafkaMight(Map<String, String> props, Dataset data, Random random,
                                            PostgresDatabase db, boolean zeroAsNull) throws Exception {
        List<Partition> partitions = data.partitions();
        Delivery delivery = new Delivery(props, partitions, random);
        try {
            boolean filesFirst = random.nextInt(3) == 0;
            if (filesFirst) {
                List<Partition> fileParts = partitions.stream()
                    .filter(p -> p.tp.topic().equals(BrokerSinkRecords.FILES_TOPIC)).toList();
                delivery.deliverUntilDone(fileParts, false);
                delivery.task.catchUp();
                TargetState placeholders = read(db);
                TargetState onlyFiles = TargetState.expected(List.of(), data.files, List.of(), zeroAsNull);
                assertEquals(onlyFiles.collectors(), placeholders.collectors(),
                    "files before their collector records: one placeholder per collector (url NULL, the project's "
                        + "interval)");
                assertEquals(onlyFiles.files(), placeholders.files(), "every file written against its placeholder");
                assertEquals(onlyFiles.latest(), placeholders.latest(), "latest from the files alone");
            }
            delivery.deliverUntilDone(partitions, true);
            delivery.task.catchUp();
            delivery.commitAndCheck();
            assertTrue(delivery.task.retries().isEmpty(), "no transient failures expected: " + delivery.task.retries());
            return (filesFirst ? "all files first, " : "") + delivery.puts + " puts, " + delivery.rewinds
                + " rewinds, " + delivery.restarts + " restarts, " + delivery.redelivered + " records re-delivered";
        } finally {
            delivery.task.close();
        }
    }

    /** One simulated consumer of all partitions feeding one sink task. */
    private static final class Delivery {
        final Map<String, String> props;
        final List<Partition> partitions;
        final Random random;
        final Map<TopicPartition, Integer> position = new HashMap<>();
        final Map<TopicPartition, Integer> highWater = new HashMap<>();   // furthest offset ever delivered
        final Map<TopicPartition, Long> putUpTo = new HashMap<>();       // last offset put() by the current task
        final Map<TopicPartition, Long> committed = new HashMap<>();
        SinkTaskHarness task;
        List<SinkRecord> buffer = new ArrayList<>();
        int target;
        int puts;
        int rewinds;
        int restarts;
        int redelivered;
        int rewindsLeft;
        int restartsLeft;

        Delivery(Map<String, String> props, List<Partition> partitions, Random random) {
            this.props = props;
            this.partitions = partitions;
            this.random = random;
            this.task = new SinkTaskHarness(props, tps(partitions));
            partitions.forEach(p -> position.put(p.tp, 0));
            this.target = nextTarget();
            this.rewindsLeft = random.nextInt(6);
            this.restartsLeft = random.nextInt(3);
        }

        int nextTarget() {
            return random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 1 + random.nextInt(80);
        }

        void deliverUntilDone(List<Partition> scope, boolean allowRestarts) {
            while (true) {
                List<Partition> open = scope.stream().filter(p -> position.get(p.tp) < p.records.size()).toList();
                if (open.isEmpty()) {
                    break;
                }
                Partition p = open.get(random.nextInt(open.size()));
                int n = 1 + random.nextInt(12);
                for (int i = 0; i < n && position.get(p.tp) < p.records.size(); i++) {
                    int offset = position.get(p.tp);
                    buffer.add(p.records.get(offset));
                    if (offset <= highWater.getOrDefault(p.tp, -1)) {
                        redelivered++;
                    }
                    highWater.merge(p.tp, offset, Math::max);
                    position.put(p.tp, offset + 1);
                }
                if (buffer.size() >= target) {
                    flush();
                    if (random.nextInt(3) == 0) {
                        commitAndCheck();
                    }
                }
                if (rewindsLeft > 0 && random.nextInt(15) == 0) {
                    // A replay: the partition is read again from an earlier offset (rebalance, seek, lost commit).
                    // A seek takes effect between polls, so whatever was polled so far is put first.
                    flush();
                    Partition r = scope.get(random.nextInt(scope.size()));
                    position.put(r.tp, random.nextInt(position.get(r.tp) + 1));
                    rewindsLeft--;
                    rewinds++;
                }
                if (allowRestarts && restartsLeft > 0 && random.nextInt(40) == 0) {
                    restart();
                }
            }
            flush();
        }

        void flush() {
            if (!buffer.isEmpty()) {
                task.put(buffer);
                for (SinkRecord record : buffer) {
                    putUpTo.merge(new TopicPartition(record.topic(), record.kafkaPartition()), record.kafkaOffset(),
                        Math::max);
                }
                puts++;
                buffer = new ArrayList<>();
            }
            target = nextTarget();
        }

        /** preCommit must hand back exactly "one past the last record put" for each partition this task wrote. */
        void commitAndCheck() {
            Map<TopicPartition, OffsetAndMetadata> result = task.preCommit(positions(partitions, position));
            for (Map.Entry<TopicPartition, Long> e : putUpTo.entrySet()) {
                OffsetAndMetadata offset = result.get(e.getKey());
                assertTrue(offset != null, "preCommit omits " + e.getKey() + " although records of it were written");
                assertEquals(e.getValue() + 1, offset.offset(), "preCommit offset of " + e.getKey());
            }
            assertEquals(putUpTo.keySet(), result.keySet(), "preCommit commits only partitions the task wrote");
            result.forEach((tp, offset) -> committed.put(tp, offset.offset()));
        }

        /** The task dies (polled records not yet put are lost); a new one resumes from the committed offsets. */
        void restart() {
            task.close();
            buffer = new ArrayList<>();
            putUpTo.clear();
            task = new SinkTaskHarness(props, tps(partitions));
            for (Partition p : partitions) {
                position.put(p.tp, committed.getOrDefault(p.tp, 0L).intValue());
            }
            restartsLeft--;
            restarts++;
        }
    }

    private static Set<TopicPartition> tps(List<Partition> partitions) {
        return partitions.stream().map(p -> p.tp).collect(Collectors.toSet());
    }

    private static Map<TopicPartition, OffsetAndMetadata> positions(List<Partition> partitions,
                                                                   Map<TopicPartition, Integer> position) {
        Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
        for (Partition p : partitions) {
            current.put(p.tp, new OffsetAndMetadata(position == null ? p.records.size() : position.get(p.tp)));
        }
        return current;
    }

    private record Partition(TopicPartition tp, List<SinkRecord> records) {
    }

    /** A generated broker dataset, with each stream in the order the source would publish it. */
    private record Dataset(List<CollectorRecord> collectorVersions, List<FileRecord> files, List<MetaRecord> meta,
                           String summary) {

        static Dataset generate(Random random) {
            List<CollectorRecord> firstVersions = new ArrayList<>();
            List<CollectorRecord> secondVersions = new ArrayList<>();
            int ris = 1 + random.nextInt(3);
            int routeViews = 1 + random.nextInt(3);
            List<String> risNames = pick(RIS_NAMES, ris + 1, random);
            List<String> rvNames = pick(ROUTE_VIEWS_NAMES, routeViews + 1, random);
            List<CollectorRecord> withFiles = new ArrayList<>();
            for (int i = 0; i < ris + routeViews; i++) {
                Project project = i < ris ? Project.RIPE_RIS : Project.ROUTE_VIEWS;
                String name = i < ris ? risNames.get(i) : rvNames.get(i - ris);
                String url = project == Project.RIPE_RIS ? "https://data.ris.ripe.net/" + name + "/"
                    : "http://archive.routeviews.org/" + name + "/bgpdata/";
                Integer interval = random.nextInt(8) == 0 ? null : project.defaultUpdatesInterval();
                CollectorRecord v1 = new CollectorRecord(project, name, url, interval);
                firstVersions.add(v1);
                withFiles.add(v1);
                if (random.nextInt(5) < 2) { // the collector moves once
                    String url2 = random.nextInt(8) == 0 ? null : url.replace("://", "://mirror.") + "v2/";
                    Integer interval2 = random.nextInt(4) == 0 ? Integer.valueOf(600) : interval;
                    secondVersions.add(new CollectorRecord(project, name, url2, interval2));
                }
            }
            boolean orphan = random.nextInt(10) < 3; // files of a collector no collector record ever names
            if (orphan) {
                boolean orphanRis = random.nextBoolean();
                withFiles.add(new CollectorRecord(orphanRis ? Project.RIPE_RIS : Project.ROUTE_VIEWS,
                    orphanRis ? risNames.get(ris) : rvNames.get(routeViews), null, null));
            }
            List<CollectorRecord> versions = mergeKeepingOrder(firstVersions, secondVersions, random);

            long start = T0 + 300L * random.nextInt(1000);
            int steps = 40 + random.nextInt(80);
            List<List<FileRecord>> crawls = new ArrayList<>();
            for (CollectorRecord c : withFiles) {
                int interval = c.project().defaultUpdatesInterval();
                List<FileRecord> crawl = new ArrayList<>();
                for (int s = 0; s < steps; s++) {
                    long ts = start + 300L * s;
                    if (ts % interval == 0 && random.nextInt(10) != 0) {
                        crawl.add(file(c, DataType.UPDATES, ts, random));
                    }
                    if (ts % 7200 == 0 && random.nextInt(10) != 0) {
                        crawl.add(file(c, DataType.RIB, ts, random));
                    }
                }
                // Crawls back-fill: rowid (stream) order is crawl order, not time order.
                for (int from = 0; from < crawl.size(); ) {
                    int to = Math.min(crawl.size(), from + 1 + random.nextInt(30));
                    crawls.add(crawl.subList(from, to));
                    from = to;
                }
            }
            Collections.shuffle(crawls, random);
            List<FileRecord> files = new ArrayList<>();
            crawls.forEach(files::addAll);

            List<MetaRecord> meta = new ArrayList<>();
            long metaTs = start;
            Set<String> triples = new HashSet<>();
            int metaRows = 3 + random.nextInt(10);
            while (meta.size() < metaRows) {
                if (meta.isEmpty() || random.nextInt(7) != 0) {
                    metaTs += 240 + random.nextInt(120);
                } // else: a second row with the same update_ts
                MetaRecord m = new MetaRecord(Instant.ofEpochSecond(metaTs), random.nextInt(900), random.nextInt(3000));
                if (triples.add(m.updateTs().getEpochSecond() + "|" + m.updateDurationSeconds() + "|"
                    + m.insertCount())) {
                    meta.add(m);
                }
            }
            long zeroSizes = files.stream().filter(f -> f.roughSize() == 0 || f.exactSize() == 0).count();
            String summary = withFiles.size() + " collectors (" + secondVersions.size() + " moved" + (orphan
                ? ", 1 without collector record" : "") + "), " + files.size() + " files (" + zeroSizes
                + " with a 0 size), " + meta.size() + " meta";
            return new Dataset(versions, files, meta, summary);
        }

        private static FileRecord file(CollectorRecord c, DataType type, long ts, Random random) {
            long rough = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(500_000_000);
            long exact = random.nextInt(6) == 0 ? 0 : rough + random.nextInt(1000);
            return new FileRecord(c.project(), c.name(), type, Instant.ofEpochSecond(ts), rough, exact);
        }

        private static List<String> pick(List<String> names, int n, Random random) {
            List<String> copy = new ArrayList<>(names);
            Collections.shuffle(copy, random);
            return copy.subList(0, n);
        }

        /** A random merge of two sequences that keeps the order within each, so v1 of a key stays before v2. */
        private static List<CollectorRecord> mergeKeepingOrder(List<CollectorRecord> first,
                                                               List<CollectorRecord> second, Random random) {
            List<CollectorRecord> a = new ArrayList<>(first);
            Collections.shuffle(a, random);
            List<CollectorRecord> merged = new ArrayList<>();
            Set<String> released = new LinkedHashSet<>();
            List<CollectorRecord> pending = new ArrayList<>(second);
            int i = 0;
            while (i < a.size() || !pending.isEmpty()) {
                List<CollectorRecord> ready = pending.stream()
                    .filter(c -> released.contains(c.project() + "|" + c.name())).toList();
                if (i < a.size() && (ready.isEmpty() || random.nextBoolean())) {
                    CollectorRecord c = a.get(i++);
                    merged.add(c);
                    released.add(c.project() + "|" + c.name());
                } else {
                    CollectorRecord c = ready.get(random.nextInt(ready.size()));
                    merged.add(c);
                    pending.remove(c);
                }
            }
            return merged;
        }

        /** The partitions of the three topics, keyed like the source connector keys them. */
        List<Partition> partitions() {
            Map<TopicPartition, List<SinkRecord>> byPartition = new HashMap<>();
            for (int p = 0; p < COLLECTOR_PARTITIONS; p++) {
                byPartition.put(new TopicPartition(BrokerSinkRecords.COLLECTORS_TOPIC, p), new ArrayList<>());
            }
            for (int p = 0; p < FILE_PARTITIONS; p++) {
                byPartition.put(new TopicPartition(BrokerSinkRecords.FILES_TOPIC, p), new ArrayList<>());
            }
            byPartition.put(new TopicPartition(BrokerSinkRecords.META_TOPIC, 0), new ArrayList<>());
            for (CollectorRecord c : collectorVersions) {
                int p = BrokerSinkRecords.partitionOf(c, COLLECTOR_PARTITIONS);
                List<SinkRecord> list = byPartition.get(new TopicPartition(BrokerSinkRecords.COLLECTORS_TOPIC, p));
                list.add(BrokerSinkRecords.collector(p, list.size(), c));
            }
            for (FileRecord f : files) {
                int p = BrokerSinkRecords.partitionOf(f, FILE_PARTITIONS);
                List<SinkRecord> list = byPartition.get(new TopicPartition(BrokerSinkRecords.FILES_TOPIC, p));
                list.add(BrokerSinkRecords.file(p, list.size(), f));
            }
            List<SinkRecord> metaList = byPartition.get(new TopicPartition(BrokerSinkRecords.META_TOPIC, 0));
            for (MetaRecord m : meta) {
                metaList.add(BrokerSinkRecords.meta(0, metaList.size(), m));
            }
            List<Partition> partitions = new ArrayList<>();
            byPartition.entrySet().stream()
                .sorted((x, y) -> x.getKey().toString().compareTo(y.getKey().toString()))
                .forEach(e -> partitions.add(new Partition(e.getKey(), List.copyOf(e.getValue()))));
            return partitions;
        }
    }
}
