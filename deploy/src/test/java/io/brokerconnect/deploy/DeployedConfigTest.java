package io.brokerconnect.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.brokerconnect.deploy.DeployFiles.ConnectorFile;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector configurations for the REST API (deploy/connect) and for standalone mode (deploy/standalone) are
 * valid for the connectors as built, use only keys Connect knows, and say the same thing.
 */
class DeployedConfigTest {

    static final String SOURCE_JSON = "connect/source-connector.json";
    static final String SINK_JSON = "connect/sink-connector.json";
    static final String SINK_BROKER_LAYOUT_JSON = "connect/sink-connector-broker-layout.json";

    @TempDir
    Path dir;

    @Test
    void everyDeploymentFileParses() throws IOException {
        List<String> parsed = new ArrayList<>();
        for (String folder : List.of("connect", "standalone", "compose", "strimzi")) {
            try (Stream<Path> files = Files.walk(DeployFiles.dir().resolve(folder))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String relative = DeployFiles.dir().relativize(file).toString();
                    String name = file.getFileName().toString();
                    if (name.endsWith(".json")) {
                        DeployFiles.json(relative);
                    } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                        assertFalse(DeployFiles.yaml(relative).isEmpty(), relative + " has no YAML document");
                    } else if (name.endsWith(".properties")) {
                        assertFalse(DeployFiles.properties(relative).isEmpty(), relative + " is empty");
                    } else if (!name.endsWith(".md")) {
                        fail("No check for " + relative + ": add one here, or keep the file out of deploy/");
                    }
                    parsed.add(relative);
                }
            }
        }
        assertTrue(parsed.containsAll(List.of(SOURCE_JSON, SINK_JSON, "standalone/connect-standalone.properties",
            "standalone/source-connector.properties", "standalone/sink-connector.properties",
            "compose/docker-compose.yml", "compose/connect-distributed.properties",
            "compose/connectors/sink-connector.json", "compose/secrets/postgres.properties",
            "strimzi/kafka-connect.yaml", "strimzi/kafka-connector-source.yaml", "strimzi/kafka-connector-sink.yaml")),
            parsed.toString());
    }

    @Test
    void sourceConfigIsValidOnceTheDatabaseExists() throws Exception {
        Map<String, String> config = DeployFiles.restConnector(SOURCE_JSON).config();
        // The shipped path is the broker host's; on this machine the only error must be that the file is missing.
        assertEquals(Set.of("database.path"), ConnectorConfigCheck.connectorErrors(config).keySet(),
            ConnectorConfigCheck.connectorErrors(config).toString());

        Path sqlite = dir.resolve("bgpkit_broker.sqlite3");
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(500).build());
        Map<String, String> here = new HashMap<>(config);
        here.put("database.path", sqlite.toString());
        assertEquals(Map.of(), ConnectorConfigCheck.connectorErrors(here));
        assertEquals(List.of(), ConnectorConfigCheck.frameworkProblems(here));
    }

    @Test
    void sinkConfigIsValid() {
        Map<String, String> config = DeployFiles.restConnector(SINK_JSON).config();
        assertEquals(Map.of(), ConnectorConfigCheck.connectorErrors(config));
        assertEquals(List.of(), ConnectorConfigCheck.frameworkProblems(config));
        assertTrue(config.get("connection.password").startsWith("${file:"),
            "the password is read through a config provider, never written into the config");
    }

    /**
     * The broker-layout variant is valid and differs from the spec-layout file only in what the layout decides: the
     * layout itself, its bookkeeping schema, and the spec-only schema and size settings left out.
     */
    @Test
    void brokerLayoutSinkConfigIsTheSinkConfigWithTheLayoutSwitched() {
        Map<String, String> broker = DeployFiles.restConnector(SINK_BROKER_LAYOUT_JSON).config();
        assertEquals(Map.of(), ConnectorConfigCheck.connectorErrors(broker));
        Map<String, String> expected = new java.util.TreeMap<>(DeployFiles.restConnector(SINK_JSON).config());
        expected.remove("schema");
        expected.remove("sizes.zero.as.null");
        expected.put("target.layout", "broker");
        expected.put("bookkeeping.schema", "broker_connect");
        assertEquals(expected, new java.util.TreeMap<>(broker));
    }

    /**
     * The files list every connector setting so that operators see them, but apart from the few that describe the
     * installation they must stay the connectors' defaults: a default changed in code (as lock.timeout.ms once did)
     * must not be silently overridden by a stale copy here.
     */
    @Test
    void shippedValuesAreTheConnectorDefaultsExceptTheInstallationSpecificOnes() {
        assertEquals(List.of(), ConnectorConfigCheck.nonDefaultValues(DeployFiles.restConnector(SOURCE_JSON).config(),
            Set.of("database.path")));
        assertEquals(List.of(), ConnectorConfigCheck.nonDefaultValues(DeployFiles.restConnector(SINK_JSON).config(),
            // defaults are empty (then BROKER_DATABASE_* of the worker); the file names them explicitly
            Set.of("connection.url", "connection.user", "connection.password", "connection.sslmode", "schema")));
    }

    @Test
    void sourceWritesTheTopicsTheSinkReadsAndCompactsTheKeyedOnes() {
        Map<String, String> source = DeployFiles.restConnector(SOURCE_JSON).config();
        Map<String, String> sink = DeployFiles.restConnector(SINK_JSON).config();
        String prefix = source.get("topic.prefix");
        assertEquals(Set.of(prefix + ".collectors", prefix + ".files", prefix + ".meta"),
            Set.of(sink.get("topics").split(",")));
        assertEquals("\\Q" + prefix + ".files\\E,\\Q" + prefix + ".collectors\\E",
            source.get("topic.creation.compacted.include"));
        assertEquals(sink.get("batch.size"), sink.get("consumer.override.max.poll.records"),
            "full batches need max.poll.records = batch.size");
    }

    /** Records of transactions the exactly-once source aborted stay in the log; the sink must not apply them. */
    @Test
    void sinkReadsOnlyTheTransactionsTheExactlyOnceSourceCommitted() {
        assertEquals("requested", DeployFiles.restConnector(SOURCE_JSON).config().get("exactly.once.support"));
        for (String sink : List.of(SINK_JSON, SINK_BROKER_LAYOUT_JSON, "compose/connectors/sink-connector.json")) {
            assertEquals("read_committed",
                DeployFiles.restConnector(sink).config().get("consumer.override.isolation.level"), sink);
        }
    }

    /** A dead worker's sink consumers hold up the group until their session expires (Kafka's default: 45 s). */
    @Test
    void sinkConsumersOfADeadWorkerExpireWithinTenSeconds() {
        for (String sink : List.of(SINK_JSON, SINK_BROKER_LAYOUT_JSON, "compose/connectors/sink-connector.json")) {
            assertEquals("10000",
                DeployFiles.restConnector(sink).config().get("consumer.override.session.timeout.ms"), sink);
        }
    }

    @Test
    void standaloneConnectorFilesSayWhatTheRestFilesSay() {
        for (String[] pair : new String[][] {{SOURCE_JSON, "standalone/source-connector.properties"},
            {SINK_JSON, "standalone/sink-connector.properties"}}) {
            ConnectorFile rest = DeployFiles.restConnector(pair[0]);
            Map<String, String> expected = new HashMap<>(rest.config());
            expected.put("name", rest.name());
            assertEquals(List.of(), DeployFiles.differences(expected, DeployFiles.properties(pair[1])),
                pair[1] + " differs from " + pair[0]);
        }
    }

    @Test
    void standaloneWorkerFileIsAValidStandaloneWorkerConfig() {
        Map<String, String> worker = DeployFiles.properties("standalone/connect-standalone.properties");
        StandaloneConfig config = new StandaloneConfig(worker);
        assertEquals(List.of(), unknownWorkerKeys(worker, config.values().keySet()));
        assertTrue(config.getList("plugin.path").size() == 1, "one plugin.path entry holding both archives");
        assertProvidersDeclared(worker, DeployFiles.restConnector(SINK_JSON).config());
    }

    @Test
    void composeWorkerFileIsAValidDistributedWorkerConfig() {
        Map<String, String> worker = DeployFiles.properties("compose/connect-distributed.properties");
        DistributedConfig config = new DistributedConfig(worker);
        assertEquals(List.of(), unknownWorkerKeys(worker, config.values().keySet()));
        assertTrue(config.exactlyOnceSourceEnabled(), "the source requests exactly-once delivery");
        assertProvidersDeclared(worker, DeployFiles.restConnector("compose/connectors/sink-connector.json").config());
    }

    /** Every ${alias:...} in a connector config needs config.providers=alias and its class on the worker. */
    static void assertProvidersDeclared(Map<String, String> worker, Map<String, String> connector) {
        Set<String> declared = Set.of(worker.getOrDefault("config.providers", "").split(","));
        for (String alias : ConnectorConfigCheck.configProviderAliases(connector)) {
            assertTrue(declared.contains(alias), "config.providers lacks " + alias);
            assertTrue(worker.containsKey("config.providers." + alias + ".class"), "no class for provider " + alias);
        }
    }

    private static List<String> unknownWorkerKeys(Map<String, String> worker, Set<String> defined) {
        List<String> prefixes = Arrays.asList("config.providers.");
        return worker.keySet().stream()
            .filter(key -> !defined.contains(key) && prefixes.stream().noneMatch(key::startsWith))
            .sorted().toList();
    }
}
