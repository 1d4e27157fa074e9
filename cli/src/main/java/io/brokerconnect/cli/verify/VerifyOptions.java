package io.brokerconnect.cli.verify;

import io.brokerconnect.cli.offsets.SourceOffsets;
import io.brokerconnect.cli.verify.model.EpochRange;
import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.layout.TargetLayouts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Verifier#verify} compares: the SQLite file, the PostgreSQL database and the catalog layout read there,
 * an optional time window on file and meta timestamps ({@code [since, until)}), an optional source-connector position
 * (compare only what the source has emitted), the sink's {@code sizes.zero.as.null} rule, and how many sample rows
 * to show. The upstream layouts always keep a size of 0 as 0, so for them {@code zeroSizesAsNull} is always false.
 */
public record VerifyOptions(Path sqlite, ConnectionSettings postgres, TargetLayout layout, Optional<Instant> since,
                            Optional<Instant> until, Optional<SourceOffsets> upToOffsets, boolean zeroSizesAsNull,
                            int samplesPerBucket, int sampledBuckets) {

    public static final int DEFAULT_SAMPLES = 5;
    public static final int DEFAULT_SAMPLED_BUCKETS = 50;

    public VerifyOptions {
        Objects.requireNonNull(sqlite, "sqlite");
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(upToOffsets, "upToOffsets");
        if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
            throw new IllegalArgumentException("--since " + since.get() + " must be before --until " + until.get());
        }
        if (samplesPerBucket < 0 || sampledBuckets < 0) {
            throw new IllegalArgumentException("sample counts must not be negative");
        }
        // The sink ignores sizes.zero.as.null outside the spec layout (PostgresSinkConfig.sizesZeroAsNull), so must we.
        zeroSizesAsNull = zeroSizesAsNull && layout.name() == LayoutName.SPEC;
    }

    public static Builder builder(Path sqlite, ConnectionSettings postgres) {
        return new Builder(sqlite, postgres);
    }

    /** The same comparison, limited to what the source connector had emitted up to {@code offsets}. */
    VerifyOptions withOffsets(SourceOffsets offsets) {
        return new VerifyOptions(sqlite, postgres, layout, since, until, Optional.of(offsets), zeroSizesAsNull,
            samplesPerBucket, sampledBuckets);
    }

    /** The user's time window in epoch seconds. */
    EpochRange window() {
        return new EpochRange(since.map(Instant::getEpochSecond).orElse(null),
            until.map(Instant::getEpochSecond).orElse(null));
    }

    public static final class Builder {
        private final Path sqlite;
        private final ConnectionSettings postgres;
        private TargetLayout layout;
        private Instant since;
        private Instant until;
        private SourceOffsets upToOffsets;
        private boolean zeroSizesAsNull = true;
        private int samplesPerBucket = DEFAULT_SAMPLES;
        private int sampledBuckets = DEFAULT_SAMPLED_BUCKETS;

        private Builder(Path sqlite, ConnectionSettings postgres) {
            this.sqlite = sqlite;
            this.postgres = postgres;
        }

        /** The catalog layout to read (default: the spec layout in the connection's schema). */
        public Builder layout(TargetLayout layout) {
            this.layout = layout;
            return this;
        }

        /** Only files and meta rows at or after this time. */
        public Builder since(Instant since) {
            this.since = since;
            return this;
        }

        /** Only files and meta rows before this time. */
        public Builder until(Instant until) {
            this.until = until;
            return this;
        }

        /** Compare only what the source connector has emitted up to these offsets. */
        public Builder upToOffsets(SourceOffsets offsets) {
            this.upToOffsets = offsets;
            return this;
        }

        /** The sink's {@code sizes.zero.as.null} (default true). */
        public Builder zeroSizesAsNull(boolean zeroSizesAsNull) {
            this.zeroSizesAsNull = zeroSizesAsNull;
            return this;
        }

        /** Sample rows shown per mismatching bucket (default 5). */
        public Builder samplesPerBucket(int samples) {
            this.samplesPerBucket = samples;
            return this;
        }

        /** How many mismatching buckets get sample rows (default 50). */
        public Builder sampledBuckets(int buckets) {
            this.sampledBuckets = buckets;
            return this;
        }

        public VerifyOptions build() {
            return new VerifyOptions(sqlite, postgres, layout != null ? layout : TargetLayouts.spec(postgres.schema()),
                Optional.ofNullable(since), Optional.ofNullable(until), Optional.ofNullable(upToOffsets),
                zeroSizesAsNull, samplesPerBucket, sampledBuckets);
        }
    }
}
