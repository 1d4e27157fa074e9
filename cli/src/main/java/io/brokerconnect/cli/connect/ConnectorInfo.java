package io.brokerconnect.cli.connect;

import java.util.List;
import java.util.Map;

/**
 * A connector's definition, from {@code GET /connectors/{name}} (or the {@code info} part of
 * {@code GET /connectors?expand=info}).
 *
 * @param name   connector name
 * @param type   {@code source} or {@code sink}
 * @param config its configuration as stored (PASSWORD values come back as Connect stores them, usually a config
 *               provider reference)
 * @param tasks  task ids
 */
public record ConnectorInfo(String name, String type, Map<String, String> config, List<Integer> tasks) {

    public ConnectorInfo {
        config = Map.copyOf(config);
        tasks = List.copyOf(tasks);
    }

    /** The {@code connector.class} setting, or null. */
    public String connectorClass() {
        return config.get("connector.class");
    }
}
