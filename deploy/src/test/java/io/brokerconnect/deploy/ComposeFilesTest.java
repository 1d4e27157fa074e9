package io.brokerconnect.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose cannot be started here (no Docker), so this checks that its parts fit together: images, the
 * worker file and the mounts it relies on, the connector configs and the credentials they refer to.
 */
class ComposeFilesTest {

    private static final String COMPOSE = "compose/docker-compose.yml";

    private final JsonNode services = DeployFiles.yaml(COMPOSE).get(0).get("services");
    private final Map<String, String> worker = DeployFiles.properties("compose/connect-distributed.properties");
    private final Map<String, String> source = DeployFiles.restConnector(DeployedConfigTest.SOURCE_JSON).config();
    private final Map<String, String> sink = DeployFiles.restConnector("compose/connectors/sink-connector.json").config();

    @Test
    void usesTheOfficialImagesOfTheKafkaVersionTheConnectorsAreBuiltWith() {
        String kafka = "apache/kafka:" + AppInfoParser.getVersion();
        assertEquals(kafka, service("kafka").get("image").asText());
        assertEquals(kafka, service("connect").get("image").asText());
        assertEquals("postgres:17", service("postgres").get("image").asText());
    }

    @Test
    void connectRunsConnectDistributedWithTheMountedWorkerFile() {
        List<String> command = new ArrayList<>();
        service("connect").get("command").forEach(part -> command.add(part.asText()));
        assertEquals("/opt/kafka/bin/connect-distributed.sh", command.get(0));
        assertEquals("./connect-distributed.properties", mountSourceFor(command.get(1)));
        assertEquals("kafka:9092", worker.get("bootstrap.servers"));
        assertTrue(env("kafka").get("KAFKA_ADVERTISED_LISTENERS").contains("//kafka:9092"));
    }

    @Test
    void pluginPathIsTheArchiveDirectoryMavenBuilds() {
        assertEquals("../target/plugins", mountSourceFor(worker.get("plugin.path")));
        // relative to the compose file: deploy/target/plugins, where the pom unpacks both component archives
        assertEquals(DeployFiles.dir().resolve("target/plugins"),
            DeployFiles.file(COMPOSE).getParent().resolve("../target/plugins").normalize());
    }

    @Test
    void brokerDatabaseDirectoryIsMountedReadOnlyWhereTheSourceLooks() {
        String directory = Path.of(source.get("database.path")).getParent().toString();
        String mount = volumes("connect").stream().filter(v -> v.contains(":" + directory + ":")).findFirst()
            .orElseThrow(() -> new AssertionError("nothing mounted at " + directory));
        assertTrue(mount.endsWith(":ro"), mount);
        assertTrue(mount.startsWith("${BROKER_SQLITE_DIR:-./data}"), mount);
    }

    @Test
    void sinkDiffersFromTheShippedRestConfigOnlyInSslAndReachesTheComposePostgres() {
        Map<String, String> expected = new HashMap<>(DeployFiles.restConnector(DeployedConfigTest.SINK_JSON).config());
        expected.put("connection.sslmode", "disable");  // the compose PostgreSQL has no certificate
        assertEquals(List.of(), DeployFiles.differences(expected, sink));

        Map<String, String> postgres = env("postgres");
        URI url = URI.create(sink.get("connection.url").substring("jdbc:".length()));
        assertEquals("postgres", url.getHost());
        assertEquals("/" + postgres.get("POSTGRES_DB"), url.getPath());
        assertEquals(postgres.get("POSTGRES_USER"), sink.get("connection.user"));
    }

    @Test
    void passwordFileTheSinkReadsIsMountedAndMatchesPostgres() {
        String reference = sink.get("connection.password");  // ${file:/dir/file.properties:password}
        String path = reference.substring("${file:".length(), reference.lastIndexOf(':'));
        String key = reference.substring(reference.lastIndexOf(':') + 1, reference.length() - 1);
        Path file = Path.of(path);
        String mountedFrom = mountSourceFor(file.getParent().toString());
        Map<String, String> secrets = DeployFiles.properties("compose/" + mountedFrom + "/" + file.getFileName());
        assertEquals(env("postgres").get("POSTGRES_PASSWORD"), secrets.get(key));
        DeployedConfigTest.assertProvidersDeclared(worker, sink);
    }

    private JsonNode service(String name) {
        JsonNode service = services.get(name);
        assertNotNull(service, "no service " + name + " in " + COMPOSE);
        return service;
    }

    private Map<String, String> env(String serviceName) {
        return DeployFiles.stringMap(service(serviceName).get("environment"), serviceName + ".environment");
    }

    private List<String> volumes(String serviceName) {
        List<String> volumes = new ArrayList<>();
        service(serviceName).get("volumes").forEach(v -> volumes.add(v.asText()));
        return volumes;
    }

    /** The host side of the connect service's bind mount whose container side is {@code target}. */
    private String mountSourceFor(String target) {
        for (String volume : volumes("connect")) {
            // SOURCE:TARGET[:MODE]; SOURCE may itself hold colons (${VAR:-default}), so split from the right
            String rest = volume.endsWith(":ro") || volume.endsWith(":rw") ? volume.substring(0, volume.length() - 3)
                : volume;
            int colon = rest.lastIndexOf(':');
            if (rest.substring(colon + 1).equals(target)) {
                return rest.substring(0, colon);
            }
        }
        throw new AssertionError("connect mounts nothing at " + target + ": " + volumes("connect"));
    }
}
