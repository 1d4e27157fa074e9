package io.brokerconnect.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.brokerconnect.deploy.DeployFiles.ConnectorFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/**
 * deploy/strimzi cannot be applied here (no Kubernetes), so this checks that the resources fit together and say
 * what the REST configurations say: the KafkaConnect build pulls the archives this module builds, the connectors
 * carry the same settings, and the password reference, Secret, Role and RoleBinding line up.
 */
class StrimziFilesTest {

    private final List<JsonNode> connectFile = DeployFiles.yaml("strimzi/kafka-connect.yaml");
    private final JsonNode connect = only("KafkaConnect");
    private final JsonNode secret = only("Secret");

    @Test
    void kafkaConnectUsesTheV1ApiAndTheKafkaVersionTheConnectorsAreBuiltWith() {
        assertEquals("kafka.strimzi.io/v1", connect.get("apiVersion").asText());
        assertEquals(AppInfoParser.getVersion(), connect.at("/spec/version").asText());
        assertEquals("true", connect.at("/metadata/annotations/strimzi.io~1use-connector-resources").asText());
        Map<String, String> config = DeployFiles.stringMap(connect.at("/spec/config"), "spec.config");
        // Strimzi v1 sets these from dedicated spec fields or itself, and rejects or ignores them in spec.config
        for (String forbidden : List.of("group.id", "config.storage.topic", "offset.storage.topic",
            "status.storage.topic", "bootstrap.servers", "plugin.path", "listeners")) {
            assertFalse(config.containsKey(forbidden), forbidden + " belongs in spec, not spec.config");
        }
        assertEquals("enabled", config.get("exactly.once.source.support"));
    }

    @Test
    void buildPullsTheComponentArchivesThisModuleBuilds() {
        List<String> urls = new ArrayList<>();
        for (JsonNode plugin : connect.at("/spec/build/plugins")) {
            for (JsonNode artifact : plugin.get("artifacts")) {
                assertEquals("zip", artifact.get("type").asText());
                urls.add(artifact.get("url").asText());
            }
        }
        assertEquals(2, urls.size(), urls.toString());
        for (String property : List.of("plugin.source.archive", "plugin.sink.archive")) {
            String archive = Path.of(System.getProperty(property)).getFileName().toString();
            assertTrue(urls.stream().anyMatch(url -> url.endsWith("/" + archive)), archive + " not in " + urls);
        }
    }

    @Test
    void connectorsSayWhatTheRestConfigsSay() {
        checkConnector("strimzi/kafka-connector-source.yaml", DeployedConfigTest.SOURCE_JSON, Map.of());
        String reference = "${secrets:<namespace>/" + secret.at("/metadata/name").asText() + ":password}";
        checkConnector("strimzi/kafka-connector-sink.yaml", DeployedConfigTest.SINK_JSON,
            Map.of("connection.password", reference));
        assertTrue(secret.at("/stringData/password").isTextual(), "the Secret holds the key the sink reads");
    }

    @Test
    void secretProviderIsConfiguredAndMayReadTheSecret() {
        Map<String, String> config = DeployFiles.stringMap(connect.at("/spec/config"), "spec.config");
        assertEquals("secrets", config.get("config.providers"));
        assertEquals("io.strimzi.kafka.KubernetesSecretConfigProvider", config.get("config.providers.secrets.class"));

        JsonNode role = only("Role");
        JsonNode binding = only("RoleBinding");
        assertEquals(secret.at("/metadata/name").asText(), role.at("/rules/0/resourceNames/0").asText());
        assertEquals("get", role.at("/rules/0/verbs/0").asText());
        assertEquals(role.at("/metadata/name").asText(), binding.at("/roleRef/name").asText());
        // Strimzi runs the Connect pods as the service account <KafkaConnect name>-connect
        assertEquals(connect.at("/metadata/name").asText() + "-connect", binding.at("/subjects/0/name").asText());
    }

    @Test
    void brokerDatabaseVolumeIsMountedReadOnlyWhereTheSourceLooks() {
        String databasePath = DeployFiles.restConnector(DeployedConfigTest.SOURCE_JSON).config().get("database.path");
        JsonNode mount = connect.at("/spec/template/connectContainer/volumeMounts/0");
        assertEquals(Path.of(databasePath).getParent().toString(), mount.get("mountPath").asText());
        assertTrue(mount.get("readOnly").asBoolean());
        JsonNode volume = connect.at("/spec/template/pod/volumes/0");
        assertEquals(mount.get("name").asText(), volume.get("name").asText());
        assertTrue(volume.at("/persistentVolumeClaim/readOnly").asBoolean());
    }

    private void checkConnector(String yamlFile, String restFile, Map<String, String> differences) {
        List<JsonNode> documents = DeployFiles.yaml(yamlFile);
        assertEquals(1, documents.size(), yamlFile);
        JsonNode connector = documents.get(0);
        ConnectorFile rest = DeployFiles.restConnector(restFile);
        assertEquals("kafka.strimzi.io/v1", connector.get("apiVersion").asText());
        assertEquals("KafkaConnector", connector.get("kind").asText());
        assertEquals(rest.name(), connector.at("/metadata/name").asText());
        assertEquals(connect.at("/metadata/name").asText(), connector.at("/metadata/labels/strimzi.io~1cluster").asText());

        Map<String, String> expected = new HashMap<>(rest.config());
        expected.putAll(differences);
        Map<String, String> actual = new HashMap<>(DeployFiles.stringMap(connector.at("/spec/config"), "spec.config"));
        actual.put("connector.class", connector.at("/spec/class").asText());
        actual.put("tasks.max", connector.at("/spec/tasksMax").asText());
        assertEquals(List.of(), DeployFiles.differences(expected, actual), yamlFile + " differs from " + restFile);
        DeployedConfigTest.assertProvidersDeclared(
            DeployFiles.stringMap(connect.at("/spec/config"), "spec.config"), actual);
    }

    private JsonNode only(String kind) {
        List<JsonNode> matches = connectFile.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        assertEquals(1, matches.size(), "one " + kind + " in strimzi/kafka-connect.yaml");
        return matches.get(0);
    }
}
