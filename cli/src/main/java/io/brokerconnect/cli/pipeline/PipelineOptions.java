package io.brokerconnect.cli.pipeline;

import io.brokerconnect.sink.config.SchemaManagement;
import java.time.Instant;
import java.util.Optional;

/**
 * The migration options of the spec's script that the pipeline's connectors take: which files (all, or those from an
 * instant on: the spec's {@code --days N} fixed once as an instant, so that the source and verify agree on it), rows
 * per batch (the source's read batches and the sink's transactions), and whether the sink creates the schema or only
 * validates an existing one.
 */
public record PipelineOptions(Optional<Instant> filesSince, int batchSize, SchemaManagement schemaManagement) {

    public static final int DEFAULT_BATCH_SIZE = 10_000;

    public static PipelineOptions defaults() {
        return new PipelineOptions(Optional.empty(), DEFAULT_BATCH_SIZE, SchemaManagement.MIGRATE);
    }

    /** The source's {@code files.since}. */
    public String filesSinceConfig() {
        return filesSince.map(Instant::toString).orElse("all");
    }
}
