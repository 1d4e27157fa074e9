package io.brokerconnect.cli.status;

import io.brokerconnect.cli.connect.ConnectorOverview;
import io.brokerconnect.cli.connect.ConnectorStatus;
import io.brokerconnect.cli.connect.TaskStatus;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a {@link StatusSample} as text: connectors, source progress per table, sink lag per topic, failures. */
final class StatusRenderer {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
        .withZone(ZoneOffset.UTC);

    private final String connectUrl;
    private final Path sqlite;
    private final boolean kafka;

    /**
     * @param connectUrl the Connect REST URL (for the header)
     * @param sqlite     the SQLite file given, or null (then hints how to get rows behind)
     * @param kafka      whether topic end offsets are read (else hints how to get lag)
     */
    StatusRenderer(String connectUrl, Path sqlite, boolean kafka) {
        this.connectUrl = connectUrl;
        this.sqlite = sqlite;
        this.kafka = kafka;
    }

    String render(StatusSample sample, PipelineRates rates) {
        StringBuilder out = new StringBuilder();
        out.append("Connect ").append(connectUrl).append(" at ").append(TIME.format(sample.at())).append("\n\n");
        connectors(out, sample);
        source(out, sample, rates);
        sink(out, sample, rates);
        failures(out, sample);
        if (!sample.problems().isEmpty()) {
            out.append("Problems:\n");
            sample.problems().forEach(p -> out.append("  ").append(p).append('\n'));
        }
        return out.toString();
    }

    private static void connectors(StringBuilder out, StatusSample sample) {
        if (sample.connectors().isEmpty()) {
            out.append("No connectors.\n\n");
            return;
        }
        TextTable table = new TextTable().left("CONNECTOR").left("TYPE").left("STATE").left("TASKS");
        for (ConnectorOverview connector : sample.connectors().values()) {
            ConnectorStatus status = connector.status();
            String type = status != null && status.type() != null ? status.type()
                : connector.info() != null ? connector.info().type() : null;
            table.row(connector.name(), type == null ? "?" : type,
                status == null ? "?" : status.state().name(), status == null ? "?" : tasks(status.tasks()));
        }
        out.append(table.render()).append('\n');
    }

    /** "2 RUNNING" when all tasks agree, else "0 RUNNING, 1 FAILED"; "none" without tasks. */
    static String tasks(List<TaskStatus> tasks) {
        if (tasks.isEmpty()) {
            return "none";
        }
        Map<String, Long> byState = tasks.stream()
            .collect(Collectors.groupingBy(t -> t.state().name(), LinkedHashMap::new, Collectors.counting()));
        if (byState.size() == 1) {
            return tasks.size() + " " + byState.keySet().iterator().next();
        }
        return tasks.stream().map(t -> t.id() + " " + t.state().name()).collect(Collectors.joining(", "));
    }

    private void source(StringBuilder out, StatusSample sample, PipelineRates rates) {
        if (sample.sourceConnector() == null) {
            out.append("Source: no connector named '").append(PipelineConnectors.DEFAULT_SOURCE)
                .append("' and not exactly one of class ").append(PipelineConnectors.SOURCE_CLASS)
                .append("; name it with --source-connector.\n\n");
            return;
        }
        out.append("Source ").append(sample.sourceConnector()).append(": SQLite ")
            .append(sqlite == null ? "(add --sqlite PATH for rows behind and ETA)" : sqlite).append(" -> Kafka\n");
        TextTable table = new TextTable().left("TABLE").right("SQLITE ROWID").right("SOURCE ROWID").right("BEHIND")
            .right("DONE").right("RATE").left("ETA");
        for (StatusSample.TableProgress progress : sample.tables()) {
            String behind = Formats.count(progress.behind()) + (progress.beyondEnd() ? "!" : "");
            table.row(progress.table(),
                Formats.count(progress.extent() == null ? null : progress.extent().maxRowid()),
                progress.position() == null ? "none yet" : Formats.count(progress.position()),
                behind, Formats.percent(progress.percentDone()), Formats.rate(rates.sourceRate(progress.table())),
                Formats.eta(progress.behind(), rates.sourceRate(progress.table()),
                    rates.sqliteGrowth(progress.table())));
        }
        out.append(table.render());
        if (sample.tables().stream().anyMatch(StatusSample.TableProgress::beyondEnd)) {
            out.append("! the source's rowid is past SQLite's last row: a VACUUM renumbered rows (the source re-reads "
                + "the table) or --sqlite is not the file the connector reads.\n");
        }
        out.append('\n');
    }

    private void sink(StringBuilder out, StatusSample sample, PipelineRates rates) {
        if (sample.sinkConnector() == null) {
            out.append("Sink: no connector named '").append(PipelineConnectors.DEFAULT_SINK)
                .append("' and not exactly one of class ").append(PipelineConnectors.SINK_CLASS)
                .append("; name it with --sink-connector.\n\n");
            return;
        }
        out.append("Sink ").append(sample.sinkConnector()).append(": Kafka -> PostgreSQL")
            .append(kafka ? "" : " (add --bootstrap-server HOST:PORT for lag and ETA)").append('\n');
        TextTable table = new TextTable().left("TOPIC").right("END OFFSET").right("COMMITTED").right("LAG")
            .right("RATE").left("ETA");
        for (StatusSample.TopicLag topic : sample.topics()) {
            table.row(topic.topic(), Formats.count(topic.end()), Formats.count(topic.committed()),
                Formats.count(topic.lag()), Formats.rate(rates.sinkRate(topic.topic())),
                Formats.eta(topic.lag(), rates.sinkRate(topic.topic()), rates.topicGrowth(topic.topic())));
        }
        out.append(table.render()).append('\n');
    }

    private static void failures(StringBuilder out, StatusSample sample) {
        for (ConnectorOverview connector : sample.connectors().values()) {
            if (connector.status() != null) {
                connector.status().failures().forEach(line ->
                    out.append(line.startsWith(" ") ? "" : "FAILED ").append(line).append('\n'));
            }
        }
    }
}
