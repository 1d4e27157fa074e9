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
 * The quickstart's sink configuration names the target layout the way the sink accepts it, and reads only committed
 * transactions.
 */
class PipelineConfigsTest {

    private static final ConnectionSettings POSTGRES = ConnectionSettings.resolve("jdbc:postgresql://db:5432/broker",
        "broker", new Password("secret"), "disable", "data", Map.of());

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
    void theSinkConsumersOfAKilledRunExpireWithinTenSecondsAsDeploysDo() {
        assertEquals("10000", PipelineConfigs.sink(POSTGRES).get("consumer.override.session.timeout.ms"));
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
