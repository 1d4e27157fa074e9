package io.brokerconnect.tools.cli;

import io.brokerconnect.tools.generator.LiveBrokerWriter;
import io.brokerconnect.tools.generator.LiveWriterOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code live-writer}: keeps appending rows to a broker database like the running broker. */
@Command(
        name = "live-writer",
        mixinStandardHelpOptions = true,
        description = {
                "Write to a broker SQLite database the way the running broker does: every interval one crawl round",
                "(new files with INSERT OR IGNORE in batches of 1,000, re-listed duplicates, latest upsert,",
                "WAL checkpoint, one meta row). Runs until --rounds are done or Ctrl-C."})
public final class LiveWriterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATABASE", description = "SQLite file (created with the broker schema if missing).")
    Path database;

    @Option(names = {"-i", "--interval"}, defaultValue = "PT5S", paramLabel = "DURATION",
            description = "Pause between rounds, ISO-8601 (PT0.2S) or milliseconds (200) (default: 5 s).")
    String interval;

    @Option(names = {"-r", "--rounds"}, defaultValue = "0", paramLabel = "N",
            description = "Stop after N rounds; 0 = run until interrupted (default: ${DEFAULT-VALUE}).")
    long rounds;

    @Option(names = {"-s", "--seed"}, defaultValue = "42",
            description = "Seed; use the generator's so re-sent duplicates match stored sizes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duplicates", defaultValue = "2", paramLabel = "N",
            description = "Stored files re-sent per collector and type each round (default: ${DEFAULT-VALUE}).")
    int duplicates;

    @Option(names = "--no-checkpoint", description = "Skip the broker's PRAGMA wal_checkpoint(TRUNCATE) after each round.")
    boolean noCheckpoint;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LiveWriterOptions options = LiveWriterOptions.builder(database)
                .interval(parseDuration(interval))
                .maxRounds(rounds)
                .seed(seed)
                .duplicatesPerSeries(duplicates)
                .checkpointEachRound(!noCheckpoint)
                .roundListener(r -> {
                    out.printf(Locale.ROOT, "round %d  broker time %s  offered %d  inserted %d%s%n", r.round(),
                            Instant.ofEpochSecond(r.brokerTime()), r.offered(), r.inserted(),
                            r.checkpointed() ? "" : "  (checkpoint blocked by a reader)");
                    out.flush();
                })
                .build();
        LiveBrokerWriter writer = LiveBrokerWriter.open(options);
        // Ctrl-C: let the current round finish and close the database cleanly.
        Thread hook = new Thread(() -> closeQuietly(writer), "live-writer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            writer.start();
            while (writer.isRunning()) {
                writer.awaitRounds(Long.MAX_VALUE, Duration.ofSeconds(1));
            }
            out.printf(Locale.ROOT, "%d rounds, %,d rows inserted (%,d offered)%n",
                    writer.rounds(), writer.insertedRows(), writer.offeredRows());
            out.flush();
            if (writer.failure().isPresent()) {
                throw new IllegalStateException("live writer failed", writer.failure().get());
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running and closes the writer
            }
            writer.close();
        }
        return 0;
    }

    private static void closeQuietly(LiveBrokerWriter writer) {
        try {
            writer.close();
        } catch (Exception ignored) {
            // shutting down anyway
        }
    }

    static Duration parseDuration(String value) {
        String v = value.trim();
        return v.matches("\\d+") ? Duration.ofMillis(Long.parseLong(v)) : Duration.parse(v);
    }
}
