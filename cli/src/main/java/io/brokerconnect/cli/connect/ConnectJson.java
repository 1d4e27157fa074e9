package io.brokerconnect.cli.connect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns the JSON bodies of Connect's REST API into this package's records. */
final class ConnectJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT_MAP = new TypeReference<>() { };

    private ConnectJson() {
    }

    static ConnectorStatus parseStatus(JsonNode node) {
        JsonNode connector = node.path("connector");
        List<TaskStatus> tasks = new ArrayList<>();
        for (JsonNode task : node.path("tasks")) {
            tasks.add(new TaskStatus(task.path("id").asInt(), ConnectorState.parse(task.path("state").asText(null)),
                text(task, "worker_id"), text(task, "trace")));
        }
        tasks.sort(Comparator.comparingInt(TaskStatus::id));
        return new ConnectorStatus(node.path("name").asText(), text(node, "type"),
            ConnectorState.parse(connector.path("state").asText(null)), text(connector, "worker_id"),
            text(connector, "trace"), tasks);
    }

    static ConnectorInfo parseInfo(JsonNode node) {
        List<Integer> tasks = new ArrayList<>();
        for (JsonNode task : node.path("tasks")) {
            tasks.add(task.path("task").asInt());
        }
        return new ConnectorInfo(node.path("name").asText(), text(node, "type"), stringMap(node.path("config")), tasks);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new TreeMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return map;
    }

    static Map<String, Object> objectMap(JsonNode node) {
        return node == null || node.isNull() ? null : MAPPER.convertValue(node, OBJECT_MAP);
    }
}
