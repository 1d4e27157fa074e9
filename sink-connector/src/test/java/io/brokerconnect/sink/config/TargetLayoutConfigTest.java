package io.brokerconnect.sink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.sink.PostgresSinkConnector;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.layout.TargetLayouts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** target.layout and the settings that must fit it, as start() and Connect's validate endpoint see them. */
class TargetLayoutConfigTest {

    private static Map<String, String> props(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        props.put("connection.url", "jdbc:postgresql://db:5432/broker");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    @Test
    void specIsTheDefaultAndKeepsTheConfiguredSchemaAndSizeRule() {
        TargetLayout layout = TargetLayouts.of(new PostgresSinkConfig(props("schema", "catalog"), Map.of()));
        assertEquals(LayoutName.SPEC, layout.name());
        assertEquals("\"catalog\".files", layout.filesTable());
        assertEquals("\"catalog\".broker_connect_applied_blocks", layout.appliedBlocksTable(), "bookkeeping as before");
        assertTrue(layout.insertFiles("s").contains("NULLIF(s.rough_size, 0)"));
    }

    @Test
    void upstreamLayoutsUseTheirFixedSchemaKeepZeroSizesAndBookkeepApart() {
        TargetLayout broker = TargetLayouts.of(new PostgresSinkConfig(props("target.layout", "broker"),
            Map.of("BROKER_DATABASE_SCHEMA", "ignored_here")));
        assertEquals("\"broker\".file", broker.filesTable());
        assertEquals("\"broker_connect\".applied_blocks", broker.appliedBlocksTable());
        assertFalse(broker.insertFiles("s").contains("NULLIF"));
        TargetLayout mrt = TargetLayouts.of(new PostgresSinkConfig(props("target.layout", "MRT",
            "bookkeeping.schema", "sink_state"), Map.of()));
        assertEquals("\"mrt\".latest_file", mrt.latestTable());
        assertEquals("\"sink_state\".first_load", mrt.firstLoadStateTable());
    }

    @Test
    void contradictionsAreReportedOnTheLayoutFieldByValidate() {
        assertLayoutError(props("target.layout", "broker", "schema", "public"), "leave schema empty");
        assertLayoutError(props("target.layout", "broker", "sizes.zero.as.null", "true"), "0 stays 0");
        assertLayoutError(props("target.layout", "mrt", "bookkeeping.schema", "api"), "broker's own schema");
        assertLayoutError(props("target.layout", "broker", "bookkeeping.schema", "broker"), "broker's own schema");
        // Fitting combinations pass.
        assertTrue(layoutErrors(props("target.layout", "broker", "schema", "broker", "sizes.zero.as.null", "false"))
            .isEmpty());
        assertTrue(layoutErrors(props("schema", "x", "sizes.zero.as.null", "true")).isEmpty());
    }

    @Test
    void anUnknownLayoutIsRefusedNamingTheValidOnes() {
        List<String> errors = layoutErrors(props("target.layout", "postgres"));
        assertEquals(1, errors.size());
        String message = errors.get(0).toLowerCase(java.util.Locale.ROOT);
        assertTrue(message.contains("spec") && message.contains("broker") && message.contains("mrt"), message);
    }

    private static void assertLayoutError(Map<String, String> props, String expected) {
        List<String> errors = layoutErrors(props);
        assertEquals(1, errors.size(), props + " -> " + errors);
        assertTrue(errors.get(0).contains(expected), errors.get(0));
    }

    private static List<String> layoutErrors(Map<String, String> props) {
        return new PostgresSinkConnector().validate(props).configValues().stream()
            .filter(v -> v.name().equals(PostgresSinkConfig.TARGET_LAYOUT_CONFIG))
            .map(ConfigValue::errorMessages).findFirst().orElseThrow();
    }
}
