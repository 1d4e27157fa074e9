package io.brokerconnect.cli.status;

import io.brokerconnect.cli.pipeline.TableExtent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.connect.ConnectorInfo;
import io.brokerconnect.cli.connect.ConnectorOverview;
import io.brokerconnect.cli.connect.ConnectorState;
import io.brokerconnect.cli.connect.ConnectorStatus;
import io.brokerconnect.cli.connect.TaskStatus;
import io.brokerconnect.cli.status.TopicEndOffsets.PartitionRange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StatusRendererTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final TopicPartition FILES = new TopicPartition("broker.files", 0);

    @Test
    void rendersConnectorsProgressLagRatesAndEtas() {
        PipelineRates rates = new PipelineRates(Duration.ofMinutes(3));
        rates.record(sample(T0, 100_000, 2_000_000, 90_000, 100_000, runningSink()));
        StatusSample now = sample(T0.plusSeconds(10), 1_100_000, 2_000_000, 590_000, 1_100_000, runningSink());
        rates.record(now);

        String text = new StatusRenderer("http://localhost:8083", Path.of("/data/broker.sqlite3"), true)
            .render(now, rates);

        String expected = """
            Connect http://localhost:8083 at 2026-11-21 10:00:10Z

            CONNECTOR             TYPE    STATE    TASKS
            broker-postgres-sink  sink    RUNNING  2 RUNNING
            broker-sqlite-source  source  RUNNING  1 RUNNING

            Source broker-sqlite-source: SQLite /data/broker.sqlite3 -> Kafka
            TABLE  SQLITE ROWID  SOURCE ROWID   BEHIND   DONE       RATE  ETA
            files     2,000,000     1,100,000  900,000  55.0%  100,000/s  9s
            meta             50      none yet       50   0.0%          -  -

            Sink broker-postgres-sink: Kafka -> PostgreSQL
            TOPIC         END OFFSET  COMMITTED      LAG      RATE  ETA
            broker.files   1,100,000    590,000  510,000  50,000/s  not gaining

            """;
        assertEquals(expected, text);
    }

    @Test
    void failedTaskShowsItsTraceFirstLineAndRootCause() {
        String trace = "org.apache.kafka.connect.errors.ConnectException: Schema management (migrate) failed\n"
            + "\tat io.brokerconnect.sink.schema.SchemaManager.failure(SchemaManager.java:1)\n"
            + "Caused by: org.postgresql.util.PSQLException: FATAL: password authentication failed for user \"x\"\n"
            + "\tat org.postgresql.Driver.connect(Driver.java:1)\n";
        ConnectorStatus failed = new ConnectorStatus("broker-postgres-sink", "sink", ConnectorState.RUNNING, "w", null,
            List.of(new TaskStatus(0, ConnectorState.RUNNING, "w", null), new TaskStatus(1, ConnectorState.FAILED,
                "w", trace)));
        StatusSample sample = sample(T0, 0, 0, 0, 0, failed);
        String text = new StatusRenderer("http://c:8083", null, false)
            .render(sample, new PipelineRates(Duration.ofMinutes(1)));

        assertTrue(text.contains("broker-postgres-sink  sink    RUNNING  0 RUNNING, 1 FAILED"), text);
        assertTrue(text.contains("FAILED broker-postgres-sink task 1: "
            + "org.apache.kafka.connect.errors.ConnectException: Schema management (migrate) failed\n"
            + "  caused by: org.postgresql.util.PSQLException: FATAL: password authentication failed for user \"x\"\n"),
            text);
        assertTrue(text.contains("(add --sqlite PATH for rows behind and ETA)"), text);
        assertTrue(text.contains("(add --bootstrap-server HOST:PORT for lag and ETA)"), text);
        assertEquals(StatusCommand.EXIT_FAILED, StatusCommand.exitCode(sample));
    }

    @Test
    void missingConnectorsAndProblemsAreSaid() {
        StatusSample sample = new StatusSample(T0, Map.of(), null, Map.of(), null, List.of(), Map.of(), null,
            Map.of(), null, List.of("Cannot read the SQLite database /x: gone"));
        String text = new StatusRenderer("http://c:8083", null, false)
            .render(sample, new PipelineRates(Duration.ofMinutes(1)));
        assertTrue(text.contains("No connectors."), text);
        assertTrue(text.contains("Source: no connector named 'broker-sqlite-source'"), text);
        assertTrue(text.contains("name it with --sink-connector"), text);
        assertTrue(text.contains("Problems:\n  Cannot read the SQLite database /x: gone\n"), text);
        assertEquals(StatusCommand.EXIT_UNREADABLE, StatusCommand.exitCode(sample));
    }

    private static ConnectorStatus runningSink() {
        return new ConnectorStatus("broker-postgres-sink", "sink", ConnectorState.RUNNING, "w", null,
            List.of(new TaskStatus(0, ConnectorState.RUNNING, "w", null), new TaskStatus(1, ConnectorState.RUNNING,
                "w", null)));
    }

    private static StatusSample sample(Instant at, long sourceRowid, long sqliteMax, long committed, long end,
                                       ConnectorStatus sink) {
        ConnectorStatus source = new ConnectorStatus("broker-sqlite-source", "source", ConnectorState.RUNNING, "w",
            null, List.of(new TaskStatus(0, ConnectorState.RUNNING, "w", null)));
        Map<String, ConnectorOverview> connectors = Map.of(
            "broker-sqlite-source", new ConnectorOverview("broker-sqlite-source",
                new ConnectorInfo("broker-sqlite-source", "source", Map.of(), List.of(0)), source),
            "broker-postgres-sink", new ConnectorOverview("broker-postgres-sink", null, sink));
        return new StatusSample(at, new java.util.TreeMap<>(connectors), "broker-sqlite-source",
            Map.of("files", sourceRowid), "broker-postgres-sink", List.of("broker.files"), Map.of(FILES, committed),
            Map.of(FILES, new PartitionRange(0, end)), Map.of(),
            Map.of("files", new TableExtent("files", 1, sqliteMax), "meta", new TableExtent("meta", 1, 50)),
            List.of());
    }
}
