package io.brokerconnect.cli.verify;

import io.brokerconnect.cli.offsets.SourceOffsets;
import io.brokerconnect.cli.connect.ConnectRestClient;
import io.brokerconnect.cli.connect.ConnectRestException;
import io.brokerconnect.cli.connect.ConnectorOffset;
import io.brokerconnect.cli.offsets.ConnectorOffsets;
import java.time.Duration;
import java.util.List;

/**
 * Reads the source connector's committed offsets through Connect's REST offsets API (KIP-875,
 * {@code GET /connectors/{name}/offsets}): per partition {@code {"v":1,"table":"files"|"meta"}} the offset's
 * {@code rowid}. A table without an offset yet means the source has emitted nothing from it (rowid 0).
 */
public final class ConnectOffsetsClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private ConnectOffsetsClient() {
    }

    /** @param connect the REST URL of any worker, e.g. {@code http://localhost:8083} */
    public static SourceOffsets fetch(String connect, String connector) throws VerifyException {
        ConnectRestClient client;
        try {
            client = new ConnectRestClient(java.net.URI.create(connect), TIMEOUT, TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw new VerifyException("--connect '" + connect + "' is not a Connect REST URL (http://host:port): "
                + e.getMessage(), e);
        }
        String origin = "GET " + client.baseUrl() + "/connectors/" + connector + "/offsets";
        try {
            return fromOffsets(client.offsets(connector), origin);
        } catch (ConnectRestException e) {
            if (e.isNotFound()) {
                throw new VerifyException("Connect at " + client.baseUrl() + " has no connector '" + connector + "' ("
                    + e.getMessage() + "). Give the source connector's name with --source-connector.", e);
            }
            throw new VerifyException("Cannot read the source offsets from the Connect REST API at " + client.baseUrl()
                + ": " + e.getMessage() + " Give its URL with --connect, or the offsets directly with --files-rowid and "
                + "--meta-rowid.", e);
        }
    }

    /**
     * The rowids of the connector's version-1 {@code files} and {@code meta} partitions (0 for a table without an
     * offset yet), from offsets already read through the REST API.
     */
    public static SourceOffsets fromOffsets(List<ConnectorOffset> offsets, String origin) throws VerifyException {
        try {
            return ConnectorOffsets.source(offsets, origin);
        } catch (IllegalArgumentException e) {
            throw new VerifyException(origin + ": " + e.getMessage(), e);
        }
    }
}
