package io.brokerconnect.source.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brokerconnect.source.SqliteSourceConnector;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** The example connector config shipped in deploy/ stays in step with the code's defaults and validators. */
class DeployedConfigTest {

    private static final Path DEPLOYED = Path.of("..", "deploy", "connect", "source-connector.json");

    @Test
    void topicCreationSettingsMatchTheDefaults() throws Exception {
        Map<String, String> config = deployedConfig();
        Map<String, String> topicCreation = new HashMap<>();
        config.forEach((k, v) -> {
            if (k.startsWith("topic.creation.")) {
                topicCreation.put(k, v);
            }
        });
        assertEquals(TopicCreationDefaults.forPrefix("broker"), topicCreation);
    }

    @Test
    void everyConnectorKeyPassesValidation() throws Exception {
        Map<String, String> config = deployedConfig();
        for (ConfigValue value : SqliteSourceConfig.CONFIG_DEF.validate(config)) {
            assertTrue(value.errorMessages().isEmpty(), value.name() + ": " + value.errorMessages());
        }
        assertEquals(SqliteSourceConnector.class.getName(), config.get("connector.class"));
    }

    private static Map<String, String> deployedConfig() throws Exception {
        JsonNode root = new ObjectMapper().readTree(DEPLOYED.toFile());
        Map<String, String> config = new HashMap<>();
        root.get("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        return config;
    }
}
