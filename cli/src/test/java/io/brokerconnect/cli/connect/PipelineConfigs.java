package io.brokerconnect.cli.connect;

import io.brokerconnect.common.model.TopicNames;
import io.brokerconnect.sink.PostgresSinkConnector;
import io.brokerconnect.source.SqliteSourceConnector;
import io.brokerconnect.source.config.TopicCreationDefaults;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Connector configurations for the CLI's integration tests (as in the sink module's end-to-end test). */
public final class PipelineConfigs {

    private PipelineConfigs() {
    }

    /** The SQLite source on {@code database}, topics {@code <prefix>.*} with 4 files partitions. */
    public static Map<String, String> source(Path database, String prefix) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", SqliteSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("database.path", database.toString());
        config.put("topic.prefix", prefix);
        config.put("poll.interval.ms", "100");
        config.putAll(TopicCreationDefaults.forPrefix(prefix, 4, 1));
        return config;
    }

    /** The PostgreSQL sink into {@code db}'s public schema, reading the three {@code <prefix>.*} topics. */
    public static Map<String, String> sink(PostgresDatabase db, String prefix, int tasks) {
        TopicNames topics = new TopicNames(prefix);
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", PostgresSinkConnector.class.getName());
        config.put("connection.url", db.jdbcUrl());
        config.put("connection.user", db.user());
        config.put("connection.password", db.password());
        config.put("connection.sslmode", "disable");
        config.put("retry.backoff.ms", "200");
        config.put("tasks.max", Integer.toString(tasks));
        config.put("topics", topics.collectors() + "," + topics.files() + "," + topics.meta());
        config.put("consumer.override.max.poll.records", "5000");
        return config;
    }
}
