package io.brokerconnect.cli.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.connect.PipelineConfigs;
import io.brokerconnect.cli.connect.SharedConnectCluster;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import io.brokerconnect.testkit.connect.TopicReader;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code status} against a real Connect cluster running both connectors, a generated SQLite file and PostgreSQL. */
@ExtendWith(SharedConnectCluster.class)
class StatusCommandIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static ConnectCluster cluster;
    private static String restUrl;

    @TempDir
    Path dir;

    @BeforeAll
    static void connect(ConnectCluster shared) {
        cluster = shared;
        restUrl = SharedConnectCluster.restUrl(cluster);
    }

    private record Run(int exitCode, String out, String err) {
    }

    @Test
    void caughtUpPipelineShowsRunningStatesSqliteRowidsAndNoLag(PostgresDatabase db) throws Exception {
        Path sqlite = dir.resolve("broker.sqlite3");
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(20_000).seed(11).build());
        long filesMax = maxRowid(sqlite, "files");
        long metaMax = maxRowid(sqlite, "meta");
        // The names of deploy/connect/*.json, so that status finds them without options.
        String source = PipelineConnectors.DEFAULT_SOURCE;
        String sink = PipelineConnectors.DEFAULT_SINK;
        cluster.connect().configureConnector(source, PipelineConfigs.source(sqlite, "st"));
        cluster.connect().configureConnector(sink, PipelineConfigs.sink(db, "st", 2));
        try {
            cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(source, 1, "source runs");
            cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(sink, 2, "sink runs");
            // Caught up, judged with Kafka's own test client and the SQLite file, not with the code under test.
            Await.until(TIMEOUT,
                () -> sourceRowid(source, "files") == filesMax && sourceRowid(source, "meta") == metaMax,
                () -> "the source's offsets reach files " + filesMax + " and meta " + metaMax);
            // The source writes in transactions (exactly-once workers): each ends with a marker that takes an offset
            // but is never consumed, so "caught up" is the offset after each partition's last record, not its end.
            Map<TopicPartition, Long> afterLastRecord =
                afterLastRecord(List.of("st.collectors", "st.files", "st.meta"));
            Await.until(TIMEOUT, () -> sinkCommitted(sink).equals(afterLastRecord),
                () -> "the sink commits " + afterLastRecord + "; now " + sinkCommitted(sink));
            long recordsEnd = afterLastRecord.entrySet().stream().filter(e -> e.getKey().topic().equals("st.files"))
                .mapToLong(Map.Entry::getValue).sum();
            assertTrue(cluster.endOffsetSum("st.files") > recordsEnd, "st.files has transaction markers after its "
                + "last records (end " + cluster.endOffsetSum("st.files") + " > " + recordsEnd + ")");

            Run run = status("--connect", restUrl, "--sqlite", sqlite.toString(),
                "--bootstrap-server", cluster.bootstrapServers());

            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertLine(run.out(), source + " +source +RUNNING +1 RUNNING");
            assertLine(run.out(), sink + " +sink +RUNNING +2 RUNNING");
            String files = count(filesMax);
            String meta = count(metaMax);
            assertLine(run.out(), "files +" + files + " +" + files + " +0 +100\\.0% +\\S+ +caught up");
            assertLine(run.out(), "meta +" + meta + " +" + meta + " +0 +100\\.0% +\\S+ +caught up");
            for (String topic : List.of("st.collectors", "st.files", "st.meta")) {
                String end = count(cluster.endOffsetSum(topic));
                String committed = count(afterLastRecord.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic)).mapToLong(Map.Entry::getValue).sum());
                assertLine(run.out(), Pattern.quote(topic) + " +" + end + " +" + committed + " +0 +\\S+ +caught up");
            }

            // Watch mode: two refreshes, rates from the two samples (nothing moves once caught up).
            Run watch = status("--connect", restUrl, "--sqlite", sqlite.toString(),
                "--bootstrap-server", cluster.bootstrapServers(), "--watch", "0.5", "--refreshes", "2");
            assertEquals(0, watch.exitCode(), watch.out() + watch.err());
            assertEquals(2, watch.out().split("Connect " + Pattern.quote(restUrl), -1).length - 1, watch.out());
            assertLine(watch.out(), "files +" + files + " +" + files + " +0 +100\\.0% +0\\.0/s +caught up");

            // Without Kafka and SQLite: positions only, with hints; a named connector that is not there is an error.
            Run bare = status("--connect", restUrl);
            assertEquals(0, bare.exitCode(), bare.out() + bare.err());
            assertLine(bare.out(), "files +- +" + count(filesMax) + " +- +- +\\S+ +-");
            assertTrue(bare.out().contains("(add --bootstrap-server HOST:PORT for lag and ETA)"), bare.out());
            Run missing = status("--connect", restUrl, "--source-connector", "no-such-source");
            assertEquals(StatusCommand.EXIT_UNREADABLE, missing.exitCode(), missing.out());
            assertTrue(missing.out().contains("No source connector 'no-such-source' at " + restUrl), missing.out());
        } finally {
            delete(sink);
            delete(source);
        }
    }

    @Test
    void failedSinkTaskGivesNonZeroExitAndItsError(PostgresDatabase db) throws Exception {
        Map<String, String> config = PipelineConfigs.sink(db, "bad", 1);
        config.put("connection.password", "wrong-" + db.password());
        String sink = "bad-password-sink";
        cluster.connect().configureConnector(sink, config);
        try {
            cluster.connect().assertions().assertConnectorIsRunningAndTasksHaveFailed(sink, 1,
                "a sink with a wrong password must fail");

            // Not a default name: found as the only PostgresSinkConnector on the cluster.
            Run run = status("--connect", restUrl);

            assertEquals(StatusCommand.EXIT_FAILED, run.exitCode(), run.out() + run.err());
            assertLine(run.out(), sink + " +sink +RUNNING +1 FAILED");
            assertTrue(run.out().contains("Sink " + sink + ": Kafka -> PostgreSQL"), run.out());
            String failedLine = run.out().lines().filter(l -> l.startsWith("FAILED " + sink + " task 0: "))
                .findFirst().orElseThrow(() -> new AssertionError("no FAILED line in\n" + run.out()));
            String trace = cluster.connect().connectorStatus(sink).tasks().get(0).trace();
            assertEquals("FAILED " + sink + " task 0: " + trace.lines().findFirst().orElseThrow().strip(), failedLine,
                "the trace's first line");
            assertTrue(run.out().toLowerCase(Locale.ROOT).contains("password authentication failed"), run.out());
        } finally {
            delete(sink);
        }
    }

    @Test
    void unreachableConnectIsExitCodeTwoWithTheUrl() {
        Run run = status("--connect", "http://127.0.0.1:9");
        assertEquals(StatusCommand.EXIT_UNREADABLE, run.exitCode());
        assertTrue(run.err().contains("GET http://127.0.0.1:9/connectors?expand=status&expand=info: no response"),
            run.err());
    }

    /** Deletes and waits until it is gone, so that the next test does not find it by name or class. */
    private static void delete(String connector) throws InterruptedException {
        cluster.connect().deleteConnector(connector);
        cluster.connect().assertions().assertConnectorDoesNotExist(connector, connector + " was not deleted");
    }

    private static Run status(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new StatusCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exit = command.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void assertLine(String text, String regex) {
        Pattern pattern = Pattern.compile("^" + regex + "$");
        List<String> lines = new ArrayList<>(text.lines().toList());
        assertTrue(lines.stream().anyMatch(l -> pattern.matcher(l).matches()),
            "no line matches /" + regex + "/ in\n" + text);
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static long sourceRowid(String connector, String table) {
        return cluster.connect().connectorOffsets(connector).offsets().stream()
            .filter(o -> table.equals(o.partition().get("table")))
            .mapToLong(o -> ((Number) o.offset().get("rowid")).longValue()).findFirst().orElse(-1);
    }

    /** Per partition, the offset after its last record, read with a plain consumer from the topics themselves. */
    private static Map<TopicPartition, Long> afterLastRecord(List<String> topics) {
        Map<TopicPartition, Long> next = new HashMap<>();
        try (TopicReader reader = new TopicReader(cluster.bootstrapServers(), false)) {
            for (String topic : topics) {
                reader.readAll(topic, record -> next.merge(new TopicPartition(topic, record.raw().partition()),
                    record.raw().offset() + 1, Math::max));
            }
        }
        return next;
    }

    /** The sink's committed offsets through Kafka's own test client (not the code under test). */
    private static Map<TopicPartition, Long> sinkCommitted(String sink) {
        Map<TopicPartition, Long> committed = new HashMap<>();
        for (var offset : cluster.connect().connectorOffsets(sink).offsets()) {
            committed.put(new TopicPartition((String) offset.partition().get("kafka_topic"),
                ((Number) offset.partition().get("kafka_partition")).intValue()),
                ((Number) offset.offset().get("kafka_offset")).longValue());
        }
        return committed;
    }

    private static long maxRowid(Path sqlite, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(rowid) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
