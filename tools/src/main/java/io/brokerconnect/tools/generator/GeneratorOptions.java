package io.brokerconnect.tools.generator;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What to generate.
 *
 * @param output        SQLite file to (re)create; an existing file and its -wal/-shm are replaced
 * @param fileRows      good rows in {@code files} (exactly this many)
 * @param damagedRows   extra damaged rows in {@code files}; if > 0 the collectors and meta tables
 *                      also get their few damaged/alias rows (see {@link DamageKind})
 * @param seed          everything random is a pure function of this seed
 * @param end           newest file time (inclusive); fixed by default so output depends only on the seed
 * @param typesReversed store rib as type id 2 and updates as 1 instead of rib 1, updates 2
 * @param progress      receives human-readable progress lines (may be a no-op)
 */
public record GeneratorOptions(
        Path output,
        long fileRows,
        int damagedRows,
        long seed,
        Instant end,
        boolean typesReversed,
        Consumer<String> progress) {

    /** 2025-06-01T00:00:00Z: a fixed default so a seed alone determines the output. */
    public static final Instant DEFAULT_END = Instant.parse("2025-06-01T00:00:00Z");
    public static final long DEFAULT_SEED = 42L;

    public GeneratorOptions {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(end, "end");
        if (fileRows < 0) {
            throw new IllegalArgumentException("fileRows must be >= 0");
        }
        if (damagedRows < 0) {
            throw new IllegalArgumentException("damagedRows must be >= 0");
        }
        if (progress == null) {
            progress = line -> { };
        }
    }

    public static Builder builder(Path output) {
        return new Builder(output);
    }

    public TypeIds typeIds() {
        return TypeIds.of(typesReversed);
    }

    /** Fluent builder with the defaults: 1,000 rows, no damage, seed 42, end {@link #DEFAULT_END}. */
    public static final class Builder {
        private final Path output;
        private long fileRows = 1_000;
        private int damagedRows;
        private long seed = DEFAULT_SEED;
        private Instant end = DEFAULT_END;
        private boolean typesReversed;
        private Consumer<String> progress = line -> { };

        private Builder(Path output) {
            this.output = output;
        }

        public Builder fileRows(long fileRows) {
            this.fileRows = fileRows;
            return this;
        }

        public Builder damagedRows(int damagedRows) {
            this.damagedRows = damagedRows;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder end(Instant end) {
            this.end = end;
            return this;
        }

        public Builder typesReversed(boolean typesReversed) {
            this.typesReversed = typesReversed;
            return this;
        }

        public Builder progress(Consumer<String> progress) {
            this.progress = progress;
            return this;
        }

        public GeneratorOptions build() {
            return new GeneratorOptions(output, fileRows, damagedRows, seed, end, typesReversed, progress);
        }
    }
}
