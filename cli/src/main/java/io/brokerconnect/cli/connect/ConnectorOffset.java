package io.brokerconnect.cli.connect;

import java.util.Map;

/**
 * One entry of the KIP-875 offsets API ({@code GET/PATCH /connectors/{name}/offsets}).
 *
 * <p>For the SQLite source connector: partition {@code {"v": 1, "table": "files"}}, offset
 * {@code {"rowid": N, "key.<column>": ...}}. For a sink connector: partition
 * {@code {"kafka_topic": "broker.files", "kafka_partition": 0}}, offset {@code {"kafka_offset": N}} (the committed
 * consumer offset, i.e. the next record to read). A null offset in a PATCH request deletes that partition's offset.
 *
 * @param partition the partition map
 * @param offset    the offset map (numbers as Integer or Long)
 */
public record ConnectorOffset(Map<String, Object> partition, Map<String, Object> offset) {

    public static final String SINK_TOPIC = "kafka_topic";
    public static final String SINK_PARTITION = "kafka_partition";
    public static final String SINK_OFFSET = "kafka_offset";

    /** A sink connector's committed offset for one topic partition. */
    public static ConnectorOffset sink(String topic, int partition, long offset) {
        return new ConnectorOffset(Map.of(SINK_TOPIC, topic, SINK_PARTITION, partition), Map.of(SINK_OFFSET, offset));
    }

    /** A number in the partition map, or null when absent or not a number. */
    public Long partitionNumber(String key) {
        return number(partition, key);
    }

    /** A number in the offset map, or null when absent or not a number. */
    public Long offsetNumber(String key) {
        return number(offset, key);
    }

    private static Long number(Map<String, Object> map, String key) {
        Object value = map == null ? null : map.get(key);
        return value instanceof Number n ? n.longValue() : null;
    }
}
