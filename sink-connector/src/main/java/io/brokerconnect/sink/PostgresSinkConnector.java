package io.brokerconnect.sink;

import io.brokerconnect.sink.config.PostgresSinkConfig;
import io.brokerconnect.sink.task.PostgresSinkTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Kafka Connect sink connector that applies the SQLite source connector's collector, file and meta records to
 * PostgreSQL in the specification's schema, idempotently. Scales out with {@code tasks.max} over the partitions
 * of the files topic.
 */
public class PostgresSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        PostgresSinkConfig config = new PostgresSinkConfig(props);
        config.connection();
        config.layoutConflict().ifPresent(message -> {
            throw new ConfigException(message);
        });
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PostgresSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
        // The connector holds no resources; tasks own their connections.
    }

    @Override
    public ConfigDef config() {
        return PostgresSinkConfig.CONFIG_DEF;
    }

    /**
     * Adds the cross-field checks: the connection settings, with the environment fallback, must resolve, and the
     * settings must fit the target layout (e.g. no other schema for an upstream layout).
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        boolean fieldErrors = config.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty());
        if (!fieldErrors) {
            PostgresSinkConfig parsed = new PostgresSinkConfig(connectorConfigs);
            try {
                parsed.connection();
            } catch (RuntimeException e) {
                find(config, PostgresSinkConfig.CONNECTION_URL_CONFIG).addErrorMessage(e.getMessage());
            }
            parsed.layoutConflict().ifPresent(message ->
                find(config, PostgresSinkConfig.TARGET_LAYOUT_CONFIG).addErrorMessage(message));
        }
        return config;
    }

    private static ConfigValue find(Config config, String name) {
        return config.configValues().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }
}
