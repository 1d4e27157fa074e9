package io.brokerconnect.tools.generator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link LiveBrokerWriter} behaves.
 *
 * @param database             the SQLite file (created with the broker schema if missing)
 * @param interval             wall-clock pause between rounds
 * @param maxRounds            stop after this many rounds; 0 = until closed
 * @param seed                 drives sizes and collector order (use the generator's seed so that
 *                             re-sent duplicates carry the same sizes as the stored rows)
 * @param simulatedRoundSeconds broker time that passes per round (the broker crawls every 300 s)
 * @param duplicatesPerSeries  already-stored files re-sent per collector and type each round, as
 *                             the broker re-lists recent files; {@code INSERT OR IGNORE} drops them
 * @param batchSize            rows per INSERT statement and transaction (the broker uses 1,000)
 * @param busyTimeout          SQLite busy timeout, so a concurrent reader never makes a write fail
 * @param checkpointEachRound  run {@code PRAGMA wal_checkpoint(TRUNCATE)} after each round's
 *                             inserts, as the broker does after every insert
 * @param roundListener        called after every round (on the writer thread)
 */
public record LiveWriterOptions(
        Path database,
        Duration interval,
        long maxRounds,
        long seed,
        int simulatedRoundSeconds,
        int duplicatesPerSeries,
        int batchSize,
        Duration busyTimeout,
        boolean checkpointEachRound,
        Consumer<LiveBrokerWriter.RoundResult> roundListener) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    public LiveWriterOptions {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (maxRounds < 0 || simulatedRoundSeconds <= 0 || duplicatesPerSeries < 0 || batchSize <= 0) {
            throw new IllegalArgumentException("invalid live writer options");
        }
        if (roundListener == null) {
            roundListener = round -> { };
        }
    }

    public static Builder builder(Path database) {
        return new Builder(database);
    }

    /** Defaults: 5 s interval, unlimited rounds, seed 42, 300 s per round, 2 duplicates, batches of 1,000, 5 s busy timeout, checkpoints on. */
    public static final class Builder {
        private final Path database;
        private Duration interval = DEFAULT_INTERVAL;
        private long maxRounds;
        private long seed = GeneratorOptions.DEFAULT_SEED;
        private int simulatedRoundSeconds = 300;
        private int duplicatesPerSeries = 2;
        private int batchSize = 1_000;
        private Duration busyTimeout = Duration.ofSeconds(5);
        private boolean checkpointEachRound = true;
        private Consumer<LiveBrokerWriter.RoundResult> roundListener = round -> { };

        private Builder(Path database) {
            this.database = database;
        }

        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        public Builder maxRounds(long maxRounds) {
            this.maxRounds = maxRounds;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder simulatedRoundSeconds(int seconds) {
            this.simulatedRoundSeconds = seconds;
            return this;
        }

        public Builder duplicatesPerSeries(int duplicates) {
            this.duplicatesPerSeries = duplicates;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder busyTimeout(Duration busyTimeout) {
            this.busyTimeout = busyTimeout;
            return this;
        }

        public Builder checkpointEachRound(boolean checkpoint) {
            this.checkpointEachRound = checkpoint;
            return this;
        }

        public Builder roundListener(Consumer<LiveBrokerWriter.RoundResult> listener) {
            this.roundListener = listener;
            return this;
        }

        public LiveWriterOptions build() {
            return new LiveWriterOptions(database, interval, maxRounds, seed, simulatedRoundSeconds,
                    duplicatesPerSeries, batchSize, busyTimeout, checkpointEachRound, roundListener);
        }
    }
}
