package io.brokerconnect.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.brokerconnect.deploy.DeployFiles.ConnectorFile;
import io.brokerconnect.deploy.DistributedWorkers.Worker;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GenerationReport;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, case 3: two Connect workers, each a JVM of its own as {@link ConnectWorkerProcessIT} starts them, in
 * one distributed group with the shipped worker and connector files; the worker running the source task (and a
 * sink task) is SIGKILLed in the middle of the snapshot. Nothing of it gets to shut down: no last offset commit, no
 * leaving the group, its open Kafka transaction left behind. The group notices it gone when its heartbeats stop
 * (session.timeout.ms), waits scheduled.rebalance.max.delay.ms for it to come back, then hands its connector and
 * tasks to the survivor, which resumes from the committed offsets. The sink's Kafka consumer group has a session
 * timeout of its own (the consumer default, 45 s; the shipped sink file does not override it): until the dead task's
 * consumer expires, the group's rebalance holds every sink task, the survivor's too, so PostgreSQL stands still for
 * about that long. PostgreSQL must end with exactly the SQLite content, nothing lost and nothing twice.
 */
class WorkerKillIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    /** Enough that the source is still early in its snapshot when its first offsets are committed. */
    private static final long FILES = 200_000;
    private static final int DAMAGED_ROWS = 32;
    /**
     * How long the group waits for a vanished worker before reassigning its work: Connect's default is 5 minutes
     * (meant for a rolling restart); a short one makes the reassignment, not the wait, what the test times.
     */
    private static final Duration REBALANCE_DELAY = Duration.ofSeconds(3);
    private static final Duration STEP = Duration.ofMinutes(2);
    private static final String SOURCE = "broker-sqlite-source";
    private static final String SINK = "broker-postgres-sink";
    private static final List<String> CONNECTORS = List.of(SOURCE, SINK);

    @TempDir
    Path dir;

    /** The generated database and what its migration must produce. */
    private record Catalog(Path sqlite, GenerationReport report, BrokerCatalog expected, long lastFilesRowid) {
    }

    /**
     * The worker SIGKILLed, the one left, and when (also as the workers' log timestamps read); {@code stall} follows
     * the files in PostgreSQL from then on.
     */
    private record Kill(Worker victim, Worker survivor, long nanos, String logTime, StallWatch stall) {

        double secondsSince() {
            return (System.nanoTime() - nanos) / 1e9;
        }

        /** The survivor's ERROR lines since the kill: what an operator's alerting would pick up. */
        List<String> survivorErrorsSince() {
            return survivor.process().errorLines().stream()
                .filter(line -> line.length() > 13 && line.substring(1, 13).compareTo(logTime) >= 0).toList();
        }
    }

    @Test
    void sigkilledWorkerMidSnapshotHandsItsTasksToTheSurvivorAndTheResultIsExact(PostgresDatabase db)
        throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginArchives.unpack(PluginArchives.source(), plugins);
        PluginArchives.unpack(PluginArchives.sink(), plugins);
        Catalog catalog = generate();

        EmbeddedKafkaCluster kafka = startKafka();
        try (DistributedWorkers group = DistributedWorkers.start("WorkerKillIT", dir, workerProperties(kafka, plugins),
            2)) {
            try {
                deploySinkOnEveryWorker(group, ShippedConnectors.sink(db, dir));
                deploy(group, ShippedConnectors.source(catalog.sqlite()));
                awaitSnapshotUnderWay(group, db);

                Kill kill = killSourceTaskWorker(group, db, catalog);
                awaitEverythingRunningOn(kill, db);
                double tasksMoved = kill.secondsSince();
                awaitExactResult(kill, db, catalog);
                double synced = kill.secondsSince();

                assertFilesDeliveredOnce(kafka, catalog);
                assertDamagedRowsReported(kafka, catalog.report());
                List<String> errors = kill.survivorErrorsSince();
                System.out.printf("[fault] worker SIGKILL: every connector and task RUNNING on the survivor %s %.1f s "
                    + "after the kill; PostgreSQL synced (%s) %.1f s after the kill; the survivor logged %d ERROR "
                    + "line(s) since the kill%s; PostgreSQL's %s%n", kill.survivor().id(), tasksMoved,
                    catalog.expected().describe(), synced, errors.size(), errors.isEmpty() ? "" : ": " + errors,
                    kill.stall());
            } catch (Throwable failure) {
                throw new AssertionError(failure.getMessage() + group.logTails(120), failure);
            }
        } finally {
            kafka.stop();
        }
    }

    private Catalog generate() throws Exception {
        Path sqlite = dir.resolve("bgpkit_broker.sqlite3");
        GenerationReport report = BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(FILES)
            .damagedRows(DAMAGED_ROWS).seed(11).build());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(rowid) FROM files")) {
            rs.next();
            return new Catalog(sqlite, report, BrokerCatalog.expectedFrom(report, sqlite), rs.getLong(1));
        }
    }

    /** The shipped distributed worker file, pointed at this Kafka and plugin.path, with a short rebalance delay. */
    private static Map<String, String> workerProperties(EmbeddedKafkaCluster kafka, Path plugins) {
        Map<String, String> worker = new LinkedHashMap<>(DeployFiles.properties("compose/connect-distributed.properties"));
        worker.put("bootstrap.servers", kafka.bootstrapServers());
        worker.put("plugin.path", plugins.toString());
        worker.put("offset.flush.interval.ms", "1000");
        worker.put("scheduled.rebalance.max.delay.ms", Long.toString(REBALANCE_DELAY.toMillis()));
        return worker;
    }

    /** A KRaft broker in this JVM (the workers connect to it over TCP like to any broker). */
    private static EmbeddedKafkaCluster startKafka() {
        Properties broker = new Properties();
        broker.put("auto.create.topics.enable", "false");
        // exactly-once source delivery (enabled in the distributed worker file) writes through transactions
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, broker);
        kafka.start();
        return kafka;
    }

    /**
     * The sink goes first, and its two tasks must land on different workers: then both workers are in the group,
     * and whichever takes the source task also runs a sink task, so the kill hits both kinds. (The sink waits for
     * the source's topics; its first load starts with the first records, so the order changes nothing else.)
     */
    private static void deploySinkOnEveryWorker(DistributedWorkers group, ConnectorFile sink) throws Exception {
        deploy(group, sink);
        ConnectRest rest = group.workers().get(0).rest();
        Await.until(WorkerSession.STARTUP, () -> {
            assertHealthy(group.workers());
            return ConnectorStatus.read(rest, SINK).map(s -> s.tasks().size() == 2
                && s.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()))
                && s.tasks().stream().map(ConnectorStatus.Task::workerId).distinct().count() == 2).orElse(false);
        }, () -> "the sink's tasks run one on each worker: " + ConnectorStatus.read(rest, SINK));
    }

    /** Validates through the worker, then creates the connector once the worker has joined its group. */
    private static void deploy(DistributedWorkers group, ConnectorFile connector) throws Exception {
        ConnectRest rest = group.workers().get(0).rest();
        assertEquals(List.of(), rest.validationErrors(connector), connector.name() + " is valid for the worker");
        Await.until(WorkerSession.STARTUP, () -> {
            assertHealthy(group.workers());
            return unchecked(() -> rest.tryCreate(connector));
        }, () -> "the worker accepts connector " + connector.name());
    }

    /** Under way: the source has committed offsets and the sink has written rows (the cheap checks first). */
    private static void awaitSnapshotUnderWay(DistributedWorkers group, PostgresDatabase db) throws Exception {
        ConnectRest rest = group.workers().get(0).rest();
        Await.until(STEP, () -> {
            assertHealthy(group.workers());
            return sourceTaskWorker(rest) != null && filesInPostgres(db) > 0 && committedFilesRowid(rest) > 0;
        }, () -> "the snapshot is under way: " + ConnectorStatus.read(rest, SOURCE) + ", committed files rowid "
            + committedFilesRowid(rest) + ", " + filesInPostgres(db) + " files in PostgreSQL");
    }

    /** SIGKILLs the worker running the source task, after checking that it is in the middle of the work. */
    private static Kill killSourceTaskWorker(DistributedWorkers group, PostgresDatabase db, Catalog catalog)
        throws Exception {
        ConnectRest rest = group.workers().get(0).rest();
        Worker victim = group.byId(sourceTaskWorker(rest));
        Worker survivor = group.others(victim).get(0);
        List<String> victimRuns = partsOn(rest, victim.id());
        long filesAtKill = filesInPostgres(db);
        String logTime = LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss,SSS"));
        victim.process().kill();
        long killed = System.nanoTime();
        Kill kill = new Kill(victim, survivor, killed, logTime,
            new StallWatch(killed, filesAtKill, catalog.expected().files()));
        // final until the survivor restarts the task: what it will resume from
        long rowidAtKill = committedFilesRowid(survivor.rest());
        System.out.printf("[fault] worker SIGKILL: killed %s running %s; source committed to files rowid %d of %d, "
            + "PostgreSQL held %d of %d files%n", victim, victimRuns, rowidAtKill, catalog.lastFilesRowid(),
            filesAtKill, catalog.expected().files());

        assertTrue(victimRuns.stream().anyMatch(p -> p.startsWith(SINK + " task")),
            "the killed worker ran a sink task as well: " + victimRuns);
        assertTrue(rowidAtKill > 0 && rowidAtKill < catalog.lastFilesRowid(), "the source's worker died "
            + "mid-snapshot: committed files rowid " + rowidAtKill + " of " + catalog.lastFilesRowid());
        assertTrue(filesAtKill > 0 && filesAtKill < catalog.expected().files(),
            "the sink was mid-load at the kill: " + filesAtKill + " of " + catalog.expected().files() + " files");
        return kill;
    }

    /** Recovery, part one: Connect reassigns the dead worker's connector and tasks to the survivor. */
    private static void awaitEverythingRunningOn(Kill kill, PostgresDatabase db) throws Exception {
        Worker survivor = kill.survivor();
        Await.until(STEP, () -> {
            assertHealthy(List.of(survivor));
            kill.stall().sample(filesInPostgres(db));
            return allRunningOn(survivor);
        }, () -> "every connector and task runs on the survivor " + survivor.id() + ": "
            + ConnectorStatus.read(survivor.rest(), SOURCE) + "; " + ConnectorStatus.read(survivor.rest(), SINK));
    }

    /**
     * Recovery, part two: the survivor finishes the migration. Equal counts mean every row exactly once: the sink
     * never drops the files primary key, not even during a first load, so a replayed row cannot be there twice.
     */
    private static void awaitExactResult(Kill kill, PostgresDatabase db, Catalog catalog) throws Exception {
        Worker survivor = kill.survivor();
        BrokerCatalog expected = catalog.expected();
        BrokerCatalog[] last = new BrokerCatalog[1];
        Await.until(STEP, () -> {
            assertHealthy(List.of(survivor));
            last[0] = BrokerCatalog.inPostgresOrNull(db);
            kill.stall().sample(last[0] == null ? 0 : last[0].files());
            return expected.equals(last[0]) && BrokerCatalog.firstLoadFinished(db);
        }, () -> "PostgreSQL holds " + expected.describe() + " and the first load finished; last seen "
            + (last[0] == null ? "no tables" : last[0].describe()));
        assertTrue(allRunningOn(survivor), "the connectors still run on the survivor after the migration");
        assertEquals(catalog.lastFilesRowid(), committedFilesRowid(survivor.rest()),
            "the source committed the files table to its end");
    }

    /**
     * Exactly once through Kafka as well: the shipped worker enables exactly-once source delivery, and the killed
     * worker's open transaction (records sent, offsets not yet committed) is aborted when the survivor's task
     * producer takes over its transactional id, so committed data holds every file once although the survivor
     * re-read the rows after the last committed offset. The sink consumes read_uncommitted (the consumer default),
     * so it did see the aborted copies too; PostgreSQL being exact shows its writes absorb them.
     */
    private static void assertFilesDeliveredOnce(EmbeddedKafkaCluster kafka, Catalog catalog) {
        long committed = TopicRecords.count(kafka, "broker.files", TopicRecords.READ_COMMITTED, STEP);
        long written = TopicRecords.count(kafka, "broker.files", TopicRecords.READ_UNCOMMITTED, STEP);
        System.out.printf("[fault] worker SIGKILL: broker.files holds %d committed records and %d in aborted "
            + "transactions%n", committed, written - committed);
        assertEquals(catalog.expected().files(), committed, "committed files records: every valid file once");
    }

    /**
     * Every damaged row is on the errors topic, the files and meta ones (read from committed offsets) exactly once.
     * A damaged collectors row is reported again by each start of the source task (CollectorTracker keeps what it
     * reported in memory only, by design), so at least once.
     */
    private static void assertDamagedRowsReported(EmbeddedKafkaCluster kafka, GenerationReport report) {
        Map<String, Long> committed = TopicRecords.perSourceRow(kafka, "broker.errors", TopicRecords.READ_COMMITTED,
            STEP);
        Map<String, Long> offsetTracked = new TreeMap<>();
        Map<String, Long> collectors = new TreeMap<>();
        committed.forEach((row, reports) -> (row.startsWith("collectors:") ? collectors : offsetTracked)
            .put(row, reports));
        assertEquals(report.damagedRows("files") + report.damagedRows("meta"), offsetTracked.size(),
            "damaged files and meta rows on the errors topic: " + committed);
        assertEquals(Set.of(1L), Set.copyOf(offsetTracked.values()),
            "each damaged files and meta row reported once: " + committed);
        assertEquals(report.damagedRows("collectors"), collectors.size(), "damaged collectors rows: " + committed);
        System.out.printf("[fault] worker SIGKILL: errors topic holds every damaged row, files and meta ones once, "
            + "collectors ones per source task start: %s%n", collectors);
    }

    /** Fails at once when one of {@code workers} exited or a connector or task failed. */
    private static void assertHealthy(List<Worker> workers) {
        for (Worker worker : workers) {
            if (!worker.process().isAlive()) {
                throw new AssertionError("Connect worker " + worker + " exited");
            }
        }
        for (String connector : CONNECTORS) {
            unchecked(() -> workers.get(0).rest().failure(connector)).ifPresent(failure -> {
                throw new AssertionError(failure);
            });
        }
    }

    /** The worker id of the source's task, or null while it has none RUNNING. */
    private static String sourceTaskWorker(ConnectRest rest) {
        return ConnectorStatus.read(rest, SOURCE).flatMap(s -> s.tasks().stream()
            .filter(t -> "RUNNING".equals(t.state())).findFirst()).map(ConnectorStatus.Task::workerId).orElse(null);
    }

    private static List<String> partsOn(ConnectRest rest, String workerId) {
        List<String> parts = new ArrayList<>();
        for (String connector : CONNECTORS) {
            ConnectorStatus.read(rest, connector).ifPresent(s -> parts.addAll(s.partsOn(workerId)));
        }
        return parts;
    }

    private static boolean allRunningOn(Worker worker) {
        return CONNECTORS.stream().allMatch(connector -> ConnectorStatus.read(worker.rest(), connector)
            .map(s -> s.allRunningOn(worker.id())).orElse(false));
    }

    /**
     * The source's committed offset in the files table (KIP-875 {@code GET /connectors/{name}/offsets}, partition
     * {@code {"v":1,"table":"files"}}); 0 before its first commit.
     */
    private static long committedFilesRowid(ConnectRest rest) {
        ConnectRest.Response response = unchecked(() -> rest.get("/connectors/" + SOURCE + "/offsets"));
        if (response.status() != 200) {
            return 0;  // the connector is not known to this worker yet
        }
        for (JsonNode entry : response.body().get("offsets")) {
            if ("files".equals(entry.at("/partition/table").asText())) {
                return entry.at("/offset/rowid").asLong();
            }
        }
        return 0;
    }

    private static long filesInPostgres(PostgresDatabase db) {
        BrokerCatalog written = BrokerCatalog.inPostgresOrNull(db);
        return written == null ? 0 : written.files();
    }

    private interface RestCall<T> {
        T call() throws IOException, InterruptedException;
    }

    /** A REST call inside an Await condition, where checked exceptions cannot pass. */
    private static <T> T unchecked(RestCall<T> restCall) {
        try {
            return restCall.call();
        } catch (IOException e) {
            throw new UncheckedIOException("Connect REST call failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
