package io.brokerconnect.cli.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brokerconnect.common.model.TopicNames;
import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.config.PostgresSinkConfig;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.layout.TargetLayouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The two connector configurations the quickstart deploys, built from the shipped ones
 * ({@code deploy/connect/source-connector.json} and {@code sink-connector.json}, copied into this jar at build time),
 * so the recommended settings live in one place. Only these differ, each for a reason of the one-machine run:
 * the machine's paths and PostgreSQL; the spec's options ({@link PipelineOptions}); two files partitions instead of
 * eight (two sink tasks on two cores; more only compete for the same cores); and short poll and fetch waits so that
 * tailing latency stays low. {@code PipelineConfigsTest} lists them and fails on any other difference.
 */
public final class PipelineConfigs {

    public static final String SOURCE = "broker-sqlite-source";
    public static final String SINK = "broker-postgres-sink";
    public static final String PREFIX = "broker";
    public static final String CONVERTER = "io.brokerconnect.common.convert.BrokerBinaryConverter";

    private static final String SHIPPED = "deploy/";

    private PipelineConfigs() {
    }

    public static TopicNames topics() {
        return new TopicNames(PREFIX);
    }

    /** The shipped configuration of {@code file} ({@code source-connector.json} or {@code sink-connector.json}). */
    public static Map<String, String> shipped(String file) {
        try (InputStream in = PipelineConfigs.class.getResourceAsStream(SHIPPED + file)) {
            if (in == null) {
                throw new IllegalStateException("The launcher jar lacks " + SHIPPED + file + " (built from deploy/connect)");
            }
            JsonNode config = new ObjectMapper().readTree(in).get("config");
            Map<String, String> map = new LinkedHashMap<>();
            config.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, String> source(Path sqlite) {
        return source(sqlite, PipelineOptions.defaults());
    }

    public static Map<String, String> source(Path sqlite, PipelineOptions options) {
        Map<String, String> c = shipped("source-connector.json");
        c.put("database.path", sqlite.toAbsolutePath().toString());
        c.put("batch.max.rows", Integer.toString(options.batchSize()));
        c.put("files.since", options.filesSinceConfig());
        c.put("poll.interval.ms", "100");
        c.put("topic.creation.compacted.partitions", "2");
        c.put("source.header.enable", "false"); // a one-shot migration has no use for the per-row diagnostics header
        return c;
    }

    /** The sink into the spec layout in the connection's schema. */
    public static Map<String, String> sink(ConnectionSettings postgres) {
        return sink(postgres, TargetLayouts.spec(postgres.schema()));
    }

    public static Map<String, String> sink(ConnectionSettings postgres, TargetLayout layout) {
        return sink(postgres, layout, PipelineOptions.defaults());
    }

    /**
     * The sink into {@code layout}: its name as target.layout, its data schema as schema (for upstream's layouts the
     * fixed schema, which the sink accepts), and its bookkeeping schema when that is not the default.
     */
    public static Map<String, String> sink(ConnectionSettings postgres, TargetLayout layout, PipelineOptions options) {
        Map<String, String> c = shipped("sink-connector.json");
        c.put("connection.url", postgres.jdbcUrl());
        c.put("connection.user", postgres.user());
        c.put("connection.password", postgres.password().value());
        c.put("connection.sslmode", postgres.sslMode().value());
        c.put(PostgresSinkConfig.TARGET_LAYOUT_CONFIG, layout.name().configValue());
        c.put("schema", layout.dataSchema().name());
        if (layout.name() != LayoutName.SPEC
            && !layout.bookkeepingSchema().name().equals(LayoutName.BOOKKEEPING_SCHEMA_DEFAULT)) {
            c.put(PostgresSinkConfig.BOOKKEEPING_SCHEMA_CONFIG, layout.bookkeepingSchema().name());
        }
        if (layout.name() != LayoutName.SPEC) {
            c.remove("sizes.zero.as.null"); // the spec's rule; upstream's layouts always keep 0 and refuse it
        }
        c.put("schema.management", options.schemaManagement().name().toLowerCase(Locale.ROOT));
        c.put("batch.size", Integer.toString(options.batchSize()));
        c.put("consumer.override.max.poll.records", Integer.toString(options.batchSize()));
        c.put("consumer.override.fetch.max.wait.ms", "100");
        // The source reads without pauses here (its poll interval is 100 ms), so a second without records means the
        // load is through: the index rebuild starts a second sooner than after the shipped two.
        c.put("first.load.caught.up.after.ms", "1000");
        // Kafka's shortest allowed session by default (group.min.session.timeout.ms): a resumed run's sink waits out
        // the killed run's consumers for 6 s rather than the shipped 10 s.
        c.put("consumer.override.session.timeout.ms", "6000");
        return c;
    }
}
