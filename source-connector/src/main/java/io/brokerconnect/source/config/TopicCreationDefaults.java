package io.brokerconnect.source.config;

import io.brokerconnect.common.model.TopicNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code topic.creation.*} connector properties (KIP-158) that make Connect create the connector's topics
 * with the settings a replayable pipeline needs: {@code files} and {@code collectors} compacted and kept forever,
 * so replaying them can always rebuild PostgreSQL; {@code meta} and {@code errors} never deleted by time either
 * (meta rows may share a key, so meta is not compacted). Records are partitioned by key by the producer.
 *
 * <p>Connect reads these from the connector's own configuration, so they are part of the configuration that the
 * deploy files and tools generate; a connector cannot inject them itself.
 */
public final class TopicCreationDefaults {

    public static final int DEFAULT_FILES_PARTITIONS = 8;

    private TopicCreationDefaults() {
    }

    /**
     * @param filesPartitions partitions of the compacted topics (the sink scales out over the files partitions)
     * @param replicationFactor -1 for the broker's default
     */
    public static Map<String, String> forPrefix(String prefix, int filesPartitions, int replicationFactor) {
        TopicNames topics = new TopicNames(prefix);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("topic.creation.groups", "compacted");
        props.put("topic.creation.default.replication.factor", Integer.toString(replicationFactor));
        props.put("topic.creation.default.partitions", "1");
        props.put("topic.creation.default.cleanup.policy", "delete");
        props.put("topic.creation.default.retention.ms", "-1");
        props.put("topic.creation.default.retention.bytes", "-1");
        props.put("topic.creation.compacted.include",
            Pattern.quote(topics.files()) + "," + Pattern.quote(topics.collectors()));
        props.put("topic.creation.compacted.replication.factor", Integer.toString(replicationFactor));
        props.put("topic.creation.compacted.partitions", Integer.toString(filesPartitions));
        props.put("topic.creation.compacted.cleanup.policy", "compact");
        props.put("topic.creation.compacted.retention.ms", "-1");
        return props;
    }

    public static Map<String, String> forPrefix(String prefix) {
        return forPrefix(prefix, DEFAULT_FILES_PARTITIONS, -1);
    }
}
