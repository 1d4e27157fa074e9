package io.brokerconnect.cli.connect;

/**
 * One entry of {@code GET /connectors?expand=status&expand=info}: the definition and the status of a connector.
 * Either part may be null when Connect could not produce it (for example while the connector is being created).
 */
public record ConnectorOverview(String name, ConnectorInfo info, ConnectorStatus status) {
}
