package io.brokerconnect.cli.status;

import io.brokerconnect.cli.pipeline.PipelineConfigs;
import io.brokerconnect.cli.connect.ConnectorOverview;
import io.brokerconnect.sink.PostgresSinkConnector;
import io.brokerconnect.source.SqliteSourceConnector;
import java.util.List;
import java.util.Map;

/**
 * Finds the pipeline's two connectors among those on a Connect cluster: the name given on the command line, else
 * the name of the example configurations in {@code deploy/connect/*.json}, else the only connector of the
 * pipeline's class (so a quickstart or a renamed deployment is found without options).
 */
final class PipelineConnectors {

    static final String DEFAULT_SOURCE = PipelineConfigs.SOURCE;
    static final String DEFAULT_SINK = PipelineConfigs.SINK;
    static final String SOURCE_CLASS = SqliteSourceConnector.class.getName();
    static final String SINK_CLASS = PostgresSinkConnector.class.getName();

    private PipelineConnectors() {
    }

    /**
     * @param explicit       the name given with an option, or null
     * @param defaultName    the name of the example configuration
     * @param connectorClass the pipeline's connector class
     * @param connectors     the connectors on the cluster
     * @return the connector name to report on, or null when none can be found (an explicit name is returned even
     *         when it does not exist, so that the report can say so)
     */
    static String resolve(String explicit, String defaultName, String connectorClass,
                          Map<String, ConnectorOverview> connectors) {
        if (explicit != null) {
            return explicit;
        }
        if (connectors.containsKey(defaultName)) {
            return defaultName;
        }
        List<String> ofClass = connectors.values().stream()
            .filter(c -> c.info() != null && connectorClass.equals(c.info().connectorClass()))
            .map(ConnectorOverview::name)
            .toList();
        return ofClass.size() == 1 ? ofClass.get(0) : null;
    }
}
