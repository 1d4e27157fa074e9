package io.brokerconnect.cli.status;

import io.brokerconnect.cli.connect.ConnectRestClient;
import io.brokerconnect.cli.connect.ConnectRestException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code status}: where the pipeline stands, read from Connect's REST API, Kafka and the SQLite file. Exit code 0
 * when all is well, 1 when a connector or task is FAILED, 2 when something could not be read.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show the connectors and their tasks, the source connector's position per SQLite table (rows behind,"
                + " percent, rate, ETA) and the sink connector's lag per topic.",
            "Exit code: 0 all readable and nothing FAILED, 1 a connector or task is FAILED (its error is printed),"
                + " 2 something could not be read (Connect, Kafka, SQLite, a named connector)."})
public final class StatusCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_UNREADABLE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--connect", paramLabel = "URL", defaultValue = "http://localhost:8083",
            description = "Connect REST URL of any worker (default: ${DEFAULT-VALUE}).")
    String connectUrl;

    @Option(names = "--sqlite", paramLabel = "PATH",
            description = "The broker's SQLite file (opened read-only) for rows behind, percent and ETA per table.")
    Path sqlite;

    @Option(names = {"--bootstrap-server", "--bootstrap-servers"}, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers, for the topics' end offsets and so the sink's lag.")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Properties file with Kafka Admin client settings (security.protocol, sasl.*, ssl.*).")
    Path kafkaConfig;

    @Option(names = "--source-connector", paramLabel = "NAME",
            description = "Source connector name (default: " + PipelineConnectors.DEFAULT_SOURCE + ", else the only "
                + "SqliteSourceConnector).")
    String sourceConnector;

    @Option(names = "--sink-connector", paramLabel = "NAME",
            description = "Sink connector name (default: " + PipelineConnectors.DEFAULT_SINK + ", else the only "
                + "PostgresSinkConnector).")
    String sinkConnector;

    @Option(names = "--watch", arity = "0..1", fallbackValue = "5", paramLabel = "SECONDS",
            description = "Refresh every SECONDS (default 5) in place until Ctrl-C; rates and ETAs come from the "
                + "samples of the last --rate-window.")
    Double watchSeconds;

    @Option(names = "--refreshes", paramLabel = "N", defaultValue = "0",
            description = "With --watch: stop after N refreshes (default: until Ctrl-C).")
    int refreshes;

    @Option(names = "--sample", paramLabel = "SECONDS", defaultValue = "0",
            description = "Without --watch: take a second sample after SECONDS to show rates and ETAs (offsets move "
                + "once per offset.flush.interval.ms of the workers, 60 s by default; default: one sample, no rates).")
    double sampleSeconds;

    @Option(names = "--rate-window", paramLabel = "SECONDS", defaultValue = "180",
            description = "How far back samples count for rates (default: ${DEFAULT-VALUE}).")
    long rateWindowSeconds;

    @Override
    public Integer call() throws InterruptedException {
        ConnectRestClient connect = validateOptions();
        PrintWriter out = spec.commandLine().getOut();
        Properties kafkaProperties = kafkaProperties();
        try (TopicEndOffsets kafka = bootstrapServers == null ? null
                : new TopicEndOffsets(bootstrapServers, kafkaProperties);
             UnreadRecordCounter unread = bootstrapServers == null ? null
                : new UnreadRecordCounter(bootstrapServers, kafkaProperties)) {
            StatusSampler sampler = new StatusSampler(connect, sourceConnector, sinkConnector, sqlite, kafka, unread,
                Clock.systemUTC());
            StatusRenderer renderer = new StatusRenderer(connect.baseUrl().toString(), sqlite, kafka != null);
            PipelineRates rates = new PipelineRates(Duration.ofSeconds(rateWindowSeconds));
            return watchSeconds == null ? once(sampler, renderer, rates, out) : watch(sampler, renderer, rates, out);
        }
    }

    private int once(StatusSampler sampler, StatusRenderer renderer, PipelineRates rates, PrintWriter out)
        throws InterruptedException {
        try {
            StatusSample sample = sampler.sample();
            rates.record(sample);
            if (sampleSeconds > 0) {
                Thread.sleep((long) (sampleSeconds * 1000)); // the requested interval between the two samples
                sample = sampler.sample();
                rates.record(sample);
            }
            out.print(renderer.render(sample, rates));
            out.flush();
            return exitCode(sample);
        } catch (ConnectRestException e) {
            return unreachable(e);
        }
    }

    private int watch(StatusSampler sampler, StatusRenderer renderer, PipelineRates rates, PrintWriter out)
        throws InterruptedException {
        boolean terminal = System.console() != null;
        int code = EXIT_OK;
        for (int refresh = 1; refreshes == 0 || refresh <= refreshes; refresh++) {
            String text;
            try {
                StatusSample sample = sampler.sample();
                rates.record(sample);
                text = renderer.render(sample, rates);
                code = exitCode(sample);
            } catch (ConnectRestException e) {
                // A worker restarting is part of what one watches; keep refreshing.
                text = "Cannot read Connect: " + e.getMessage() + "\n";
                code = EXIT_UNREADABLE;
            }
            // In a terminal redraw in place (cursor home, clear screen); in a log, append with a separator.
            out.print(terminal ? "\033[H\033[2J" : refresh > 1 ? "\n" : "");
            out.print(text);
            out.flush();
            if (refreshes == 0 || refresh < refreshes) {
                Thread.sleep((long) (watchSeconds * 1000)); // the refresh interval the operator asked for
            }
        }
        return code;
    }

    static int exitCode(StatusSample sample) {
        if (sample.anyFailed()) {
            return EXIT_FAILED;
        }
        return sample.problems().isEmpty() ? EXIT_OK : EXIT_UNREADABLE;
    }

    private int unreachable(ConnectRestException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("status: cannot read the connectors: " + e.getMessage());
        err.flush();
        return EXIT_UNREADABLE;
    }

    /** Checks the options; returns the REST client for {@code --connect}. */
    private ConnectRestClient validateOptions() {
        if (watchSeconds != null && watchSeconds < 0.5) {
            throw new ParameterException(spec.commandLine(), "--watch SECONDS must be at least 0.5");
        }
        if (sampleSeconds < 0 || refreshes < 0 || rateWindowSeconds < 1) {
            throw new ParameterException(spec.commandLine(),
                "--sample and --refreshes must not be negative, --rate-window must be at least 1");
        }
        if (sqlite != null && !Files.isRegularFile(sqlite)) {
            throw new ParameterException(spec.commandLine(), "--sqlite " + sqlite + " is not a file");
        }
        try {
            return new ConnectRestClient(connectUrl);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Properties kafkaProperties() {
        Properties properties = new Properties();
        if (kafkaConfig != null) {
            try (Reader reader = Files.newBufferedReader(kafkaConfig)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "Cannot read --kafka-config " + kafkaConfig + ": "
                    + e.getMessage());
            }
        }
        return properties;
    }
}
