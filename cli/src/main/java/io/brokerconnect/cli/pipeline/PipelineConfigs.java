package io.brokerconnect.cli.pipeline;

import io.brokerconnect.common.model.TopicNames;
import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.config.PostgresSinkConfig;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.layout.TargetLayouts;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two connector configurations the quickstart deploys: the recommended settings of deploy/connect/*.json
 * (fast converter, batching producer, compacted topics) with local paths, two files partitions and two sink tasks
 * (on a 2-core machine that syncs sooner than one of each, and more tasks only compete for the same cores), and
 * short poll and fetch waits so that tailing latency stays low.
 */
public final class PipelineConfigs {

    public static final String SOURCE = "broker-sqlite-source";
    public static final String SINK = "broker-postgres-sink";
    public static final String PREFIX = "broker";
    public static final String CONVERTER = "io.brokerconnect.common.convert.BrokerJsonConverter";

    private PipelineConfigs() {
    }

    public static TopicNames topics() {
        return new TopicNames(PREFIX);
    }

    public static Map<String, String> source(Path sqlite) {
        return source(sqlite, PipelineOptions.defaults());
    }

    public static Map<String, String> source(Path sqlite, PipelineOptions options) {
        TopicNames topics = topics();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "io.brokerconnect.source.SqliteSourceConnector");
        c.put("tasks.max", "1");
        c.put("database.path", sqlite.toAbsolutePath().toString());
        c.put("topic.prefix", PREFIX);
        c.put("poll.interval.ms", "100");
        c.put("batch.max.rows", Integer.toString(options.batchSize()));
        c.put("files.since", options.filesSinceConfig());
        c.put("key.converter", CONVERTER);
        c.put("value.converter", CONVERTER);
        c.put("topic.creation.groups", "compacted");
        c.put("topic.creation.default.replication.factor", "-1");
        c.put("topic.creation.default.partitions", "1");
        c.put("topic.creation.default.cleanup.policy", "delete");
        c.put("topic.creation.default.retention.ms", "-1");
        c.put("topic.creation.default.retention.bytes", "-1");
        c.put("topic.creation.compacted.include", "\\Q" + topics.files() + "\\E,\\Q" + topics.collectors() + "\\E");
        c.put("topic.creation.compacted.replication.factor", "-1");
        c.put("topic.creation.compacted.partitions", "2");
        c.put("topic.creation.compacted.cleanup.policy", "compact");
        c.put("topic.creation.compacted.retention.ms", "-1");
        c.put("producer.override.linger.ms", "20");
        c.put("producer.override.batch.size", "1048576");
        c.put("producer.override.compression.type", "lz4");
        return c;
    }

    /** The sink into the spec layout in the connection's schema. */
    public static Map<String, String> sink(ConnectionSettings postgres) {
        return sink(postgres, TargetLayouts.spec(postgres.schema()));
    }

    /**
     * The sink into {@code layout}: its name as target.layout, its data schema as schema (for upstream's layouts the
     * fixed schema, which the sink accepts), and its bookkeeping schema when that is not the default.
     */
    public static Map<String, String> sink(ConnectionSettings postgres, TargetLayout layout) {
        return sink(postgres, layout, PipelineOptions.defaults());
    }

    public static Map<String, String> sink(ConnectionSettings postgres, TargetLayout layout, PipelineOptions options) {
        TopicNames topics = topics();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "io.brokerconnect.sink.PostgresSinkConnector");
        c.put("tasks.max", "2");
        c.put("topics", String.join(",", topics.collectors(), topics.files(), topics.meta()));
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
        c.put("schema.management", options.schemaManagement().name().toLowerCase(java.util.Locale.ROOT));
        c.put("batch.size", Integer.toString(options.batchSize()));
        c.put("consumer.override.max.poll.records", Integer.toString(options.batchSize()));
        c.put("consumer.override.fetch.max.wait.ms", "100");
        c.put("consumer.override.heartbeat.interval.ms", "500");
        // Records of transactions an exactly-once source aborted stay in the log; only committed ones are applied.
        c.put("consumer.override.isolation.level", "read_committed");
        c.put("consumer.override.session.timeout.ms", "10000");
        c.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        c.put("value.converter", CONVERTER);
        c.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", PREFIX + ".sink.dlq");
        c.put("errors.deadletterqueue.topic.replication.factor", "-1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        c.put("errors.log.enable", "true");
        return c;
    }
}
