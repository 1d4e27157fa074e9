package io.brokerconnect.source.it;

import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GeneratorOptions;
import io.brokerconnect.tools.generator.LiveBrokerWriter;
import io.brokerconnect.tools.generator.LiveWriterOptions;
import java.nio.file.Path;
import java.time.Duration;

/** Broker-shaped SQLite databases from the tools module's generator, and its live writer playing the broker. */
final class TestDatabases {

    private TestDatabases() {
    }

    /** Generates a database with {@code fileRows} files (plus {@code damagedRows} damaged ones); ids of types reversed. */
    static Path generate(Path path, long fileRows, int damagedRows, long seed) throws Exception {
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(path)
            .fileRows(fileRows).damagedRows(damagedRows).seed(seed).typesReversed(seed % 2 == 1).build());
        return path;
    }

    /** Starts the broker-like writer: {@code rounds} rounds of INSERT OR IGNORE batches, one every {@code interval}. */
    static Writer startWriter(Path database, Duration interval, int rounds) throws Exception {
        return new Writer(LiveBrokerWriter.start(LiveWriterOptions.builder(database)
            .interval(interval).maxRounds(rounds).build()), rounds);
    }

    /** A running live writer. */
    static final class Writer implements AutoCloseable {
        private final LiveBrokerWriter writer;
        private final int rounds;

        private Writer(LiveBrokerWriter writer, int rounds) {
            this.writer = writer;
            this.rounds = rounds;
        }

        void awaitDone() throws InterruptedException {
            if (!writer.awaitRounds(rounds, Duration.ofMinutes(2))) {
                throw new AssertionError("live writer did not finish " + rounds + " rounds: " + writer.failure());
            }
            writer.failure().ifPresent(t -> {
                throw new AssertionError("live writer failed", t);
            });
        }

        long roundsDone() {
            return writer.rounds();
        }

        long rowsInserted() {
            return writer.insertedRows();
        }

        @Override
        public void close() throws Exception {
            writer.close();
            writer.failure().ifPresent(t -> {
                throw new AssertionError("live writer failed", t);
            });
        }
    }
}
