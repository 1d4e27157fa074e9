package io.brokerconnect.cli.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brokerconnect.cli.connect.ConnectorInfo;
import io.brokerconnect.cli.connect.ConnectorOverview;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineConnectorsTest {

    @Test
    void defaultNamesAndClassesAreThoseOfTheExampleConfigurations() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path deploy = Path.of("..", "deploy", "connect");
        JsonNode source = json.readTree(deploy.resolve("source-connector.json").toFile());
        JsonNode sink = json.readTree(deploy.resolve("sink-connector.json").toFile());
        assertEquals(source.path("name").asText(), PipelineConnectors.DEFAULT_SOURCE);
        assertEquals(sink.path("name").asText(), PipelineConnectors.DEFAULT_SINK);
        assertEquals(source.path("config").path("connector.class").asText(), PipelineConnectors.SOURCE_CLASS);
        assertEquals(sink.path("config").path("connector.class").asText(), PipelineConnectors.SINK_CLASS);
    }

    @Test
    void explicitNameThenDefaultNameThenTheOnlyConnectorOfTheClass() {
        String cls = PipelineConnectors.SOURCE_CLASS;
        Map<String, ConnectorOverview> one = Map.of("quickstart-source", overview("quickstart-source", cls));
        assertEquals("mine", PipelineConnectors.resolve("mine", "broker-sqlite-source", cls, one),
            "an explicit name wins, even when it does not exist (the report says so)");
        assertEquals("quickstart-source", PipelineConnectors.resolve(null, "broker-sqlite-source", cls, one));

        Map<String, ConnectorOverview> withDefault = Map.of(
            "quickstart-source", overview("quickstart-source", cls),
            "broker-sqlite-source", overview("broker-sqlite-source", cls));
        assertEquals("broker-sqlite-source",
            PipelineConnectors.resolve(null, "broker-sqlite-source", cls, withDefault));

        Map<String, ConnectorOverview> two = Map.of("a", overview("a", cls), "b", overview("b", cls),
            "other", overview("other", "org.example.Other"));
        assertNull(PipelineConnectors.resolve(null, "broker-sqlite-source", cls, two), "ambiguous: none chosen");
        assertNull(PipelineConnectors.resolve(null, "broker-sqlite-source", cls, Map.of()));
    }

    private static ConnectorOverview overview(String name, String connectorClass) {
        return new ConnectorOverview(name, new ConnectorInfo(name, "source", Map.of("connector.class", connectorClass),
            List.of(0)), null);
    }
}
