package io.brokerconnect.cli.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.config.PostgresSinkConfig;
import io.brokerconnect.sink.layout.TargetLayouts;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

/**
 * The quickstart's configurations are the shipped ones (deploy/connect/*.json) except for an explicit list of keys;
 * its sink names the target layout the way the sink accepts it, and reads only committed transactions.
 */
class PipelineConfigsTest {

    /** Every key whose value differs from the shipped file, and why (see PipelineConfigs). */
    @Test
    void theQuickstartDiffersFromTheShippedConfigurationsOnlyWhereIntended() {
        Map<String, String> shippedSource = PipelineConfigs.shipped("source-connector.json");
        Map<String, String> source = PipelineConfigs.source(java.nio.file.Path.of("/data/broker.sqlite3"));
        assertEquals(java.util.Set.of(
                "database.path",                       // the machine's file
                "poll.interval.ms",                    // tailing latency
                "source.header.enable",                // off: the diagnostics header costs CPU on both sides
                "topic.creation.compacted.partitions"), // two files partitions for two sink tasks on one machine
            differences(shippedSource, source));

        Map<String, String> shippedSink = PipelineConfigs.shipped("sink-connector.json");
        Map<String, String> sink = PipelineConfigs.sink(POSTGRES);
        assertEquals(java.util.Set.of(
                "connection.url", "connection.user", "connection.password", "connection.sslmode", // the machine's
                "schema",                                                                          // --schema
                "consumer.override.fetch.max.wait.ms",                                             // tailing latency
                "first.load.caught.up.after.ms",                                   // the source never pauses here
                "consumer.override.session.timeout.ms"),                                           // resume sooner
            differences(shippedSink, sink));
    }

    @Test
    void theConnectorNamesAreTheShippedOnes() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String[] pair : new String[][] {{"source-connector.json", PipelineConfigs.SOURCE},
            {"sink-connector.json", PipelineConfigs.SINK}}) {
            try (var in = PipelineConfigs.class.getResourceAsStream("deploy/" + pair[0])) {
                assertEquals(pair[1], mapper.readTree(in).get("name").asText(), pair[0]);
            }
        }
    }

    @Test
    void theSpecsOptionsSetTheirKeys() {
        PipelineOptions options = new PipelineOptions(java.util.Optional.of(java.time.Instant.parse(
            "2026-12-01T00:00:00Z")), 500, io.brokerconnect.sink.config.SchemaManagement.VALIDATE);
        Map<String, String> source = PipelineConfigs.source(java.nio.file.Path.of("/data/broker.sqlite3"), options);
        assertEquals("2026-12-01T00:00:00Z", source.get("files.since"));
        assertEquals("500", source.get("batch.max.rows"));
        Map<String, String> sink = PipelineConfigs.sink(POSTGRES, TargetLayouts.spec(new Identifier("data")), options);
        assertEquals("validate", sink.get("schema.management"));
        assertEquals("500", sink.get("batch.size"));
        assertEquals("500", sink.get("consumer.override.max.poll.records"));
    }

    private static java.util.Set<String> differences(Map<String, String> shipped, Map<String, String> quickstart) {
        java.util.Set<String> keys = new java.util.TreeSet<>(shipped.keySet());
        keys.addAll(quickstart.keySet());
        keys.removeIf(k -> java.util.Objects.equals(shipped.get(k), quickstart.get(k)));
        return keys;
    }

    private static final ConnectionSettings POSTGRES = ConnectionSettings.resolve("jdbc:postgresql://db:5432/broker",
        "migrator", new Password("secret"), "disable", "data", Map.of());

    @Test
    void theSpecLayoutKeepsTheConnectionsSchema() {
        Map<String, String> sink = PipelineConfigs.sink(POSTGRES);
        assertEquals("spec", sink.get("target.layout"));
        assertEquals("data", sink.get("schema"));
        assertFalse(sink.containsKey("bookkeeping.schema"));
        assertTrue(new PostgresSinkConfig(sink).layoutConflict().isEmpty());
    }

    @Test
    void theSinkSkipsRecordsOfAbortedTransactionsAsDeploysDoes() {
        assertEquals("read_committed", PipelineConfigs.sink(POSTGRES).get("consumer.override.isolation.level"));
    }

    @Test
    void theSinkConsumersOfAKilledRunExpireWithinSixSeconds() {
        assertEquals("6000", PipelineConfigs.sink(POSTGRES).get("consumer.override.session.timeout.ms"),
            "the shortest session a Kafka broker allows by default");
    }

    @Test
    void anUpstreamLayoutGetsItsFixedSchemaAndANonDefaultBookkeepingSchema() {
        Map<String, String> sink = PipelineConfigs.sink(POSTGRES,
            TargetLayouts.create(LayoutName.MRT, POSTGRES.schema(), new Identifier("sink_books"), true));
        assertEquals("mrt", sink.get("target.layout"));
        assertEquals("mrt", sink.get("schema"));
        assertEquals("sink_books", sink.get("bookkeeping.schema"));
        PostgresSinkConfig config = new PostgresSinkConfig(sink);
        assertTrue(config.layoutConflict().isEmpty(), config.layoutConflict().toString());
        assertEquals(LayoutName.MRT, config.layoutName());

        Map<String, String> defaults = PipelineConfigs.sink(POSTGRES, TargetLayouts.create(LayoutName.BROKER,
            POSTGRES.schema()));
        assertEquals("broker", defaults.get("schema"));
        assertFalse(defaults.containsKey("bookkeeping.schema"), "the default is left to the sink");
    }
}
