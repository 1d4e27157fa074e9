package io.brokerconnect.cli.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small client for Kafka Connect's REST API (java.net.http and Jackson), behind {@code status}, the quickstart and
 * the end-to-end tests: list and inspect connectors, create or reconfigure them, pause, resume, stop, restart and
 * delete them, and read, alter or reset their offsets (KIP-875). Thread-safe; one instance per Connect cluster is
 * enough.
 *
 * <pre>{@code
 * ConnectRestClient connect = new ConnectRestClient("http://localhost:8083");
 * boolean created = connect.putConfig("broker-postgres-sink", sinkConfig);  // create or update; create(...) = POST
 * connect.awaitState("broker-postgres-sink", ConnectorState.RUNNING, Duration.ofMinutes(1));
 * Map<String, ConnectorOverview> all = connect.connectors();               // ?expand=status&expand=info
 * ConnectorStatus status = connect.status("broker-postgres-sink");        // .anyFailed(), .failures(), .tasks()
 * // replay: stop, rewind every topic to the beginning, resume
 * connect.stop("broker-postgres-sink");
 * connect.awaitState("broker-postgres-sink", ConnectorState.STOPPED, Duration.ofMinutes(1));
 * connect.resetOffsets("broker-postgres-sink");
 * connect.resume("broker-postgres-sink");
 * // offsets: {"v":1,"table":"files"} -> {"rowid":N} for the source; altering needs a STOPPED connector
 * List<ConnectorOffset> offsets = connect.offsets("broker-sqlite-source");
 * connect.alterOffsets("broker-postgres-sink", List.of(ConnectorOffset.sink("broker.files", 0, 0)));
 * }</pre>
 *
 * <p>Every failed call throws {@link ConnectRestException}, whose message names the method, the URL, the HTTP status
 * (0 when no response came: the worker is unreachable) and Connect's own error message. A {@code 409 Conflict} caused by a rebalance in progress (common right after a
 * connector was created or a worker joined) is retried for up to the rebalance wait given at construction; a 409
 * for a connector that already exists is not.
 *
 * <p>Asynchronous operations ({@code pause}, {@code resume}, {@code stop}, {@code restart}) return once Connect has
 * accepted them; use {@link #awaitState} to wait for the outcome.
 */
public final class ConnectRestClient {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_REBALANCE_WAIT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = ConnectJson.MAPPER;

    private final URI baseUrl;
    private final ConnectHttp http;

    /** A client for the worker at {@code baseUrl} (e.g. {@code http://localhost:8083}) with default timeouts. */
    public ConnectRestClient(String baseUrl) {
        this(parseBaseUrl(baseUrl), DEFAULT_REQUEST_TIMEOUT, DEFAULT_REBALANCE_WAIT);
    }

    /**
     * @param baseUrl        the REST listener of any worker of the cluster ({@code http(s)://host:port})
     * @param requestTimeout how long one request may take
     * @param rebalanceWait  how long to keep retrying requests refused with 409 because of a rebalance
     */
    public ConnectRestClient(URI baseUrl, Duration requestTimeout, Duration rebalanceWait) {
        this.baseUrl = parseBaseUrl(baseUrl.toString());
        this.http = new ConnectHttp(this.baseUrl, requestTimeout, rebalanceWait);
    }

    /** The worker URL without a trailing slash. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Names of all connectors ({@code GET /connectors}), sorted. */
    public List<String> connectorNames() {
        List<String> names = new ArrayList<>();
        http.send("GET", "/connectors", null).forEach(node -> names.add(node.asText()));
        names.sort(null);
        return names;
    }

    /**
     * Every connector with its definition and status in one call
     * ({@code GET /connectors?expand=status&expand=info}), sorted by name.
     */
    public Map<String, ConnectorOverview> connectors() {
        JsonNode body = http.send("GET", "/connectors?expand=status&expand=info", null);
        Map<String, ConnectorOverview> result = new TreeMap<>();
        body.fields().forEachRemaining(entry -> {
            JsonNode status = entry.getValue().get("status");
            JsonNode info = entry.getValue().get("info");
            result.put(entry.getKey(), new ConnectorOverview(entry.getKey(),
                info == null || info.isNull() ? null : ConnectJson.parseInfo(info),
                status == null || status.isNull() ? null : ConnectJson.parseStatus(status)));
        });
        return result;
    }

    /** True when a connector of this name exists. */
    public boolean exists(String name) {
        try {
            http.send("GET", connectorPath(name), null);
            return true;
        } catch (ConnectRestException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    /** A connector's state and its tasks' states ({@code GET /connectors/{name}/status}). */
    public ConnectorStatus status(String name) {
        return ConnectJson.parseStatus(http.send("GET", connectorPath(name) + "/status", null));
    }

    /** A connector's definition ({@code GET /connectors/{name}}). */
    public ConnectorInfo info(String name) {
        return ConnectJson.parseInfo(http.send("GET", connectorPath(name), null));
    }

    /** A connector's configuration ({@code GET /connectors/{name}/config}). */
    public Map<String, String> config(String name) {
        return ConnectJson.stringMap(http.send("GET", connectorPath(name) + "/config", null));
    }

    /** Creates a connector ({@code POST /connectors}); fails with 409 if it already exists. */
    public ConnectorInfo create(String name, Map<String, String> config) {
        ObjectNode request = JSON.createObjectNode();
        request.put("name", name);
        request.set("config", JSON.valueToTree(config));
        return ConnectJson.parseInfo(http.send("POST", "/connectors", request));
    }

    /**
     * Creates the connector or replaces its configuration ({@code PUT /connectors/{name}/config}).
     *
     * @return true when the connector was created, false when an existing one was reconfigured
     */
    public boolean putConfig(String name, Map<String, String> config) {
        Map<String, String> body = new LinkedHashMap<>(config);
        body.putIfAbsent("name", name);
        return http.request("PUT", connectorPath(name) + "/config", JSON.valueToTree(body)).statusCode() == 201;
    }

    /** Pauses the connector and its tasks ({@code PUT /connectors/{name}/pause}); tasks keep their resources. */
    public void pause(String name) {
        http.send("PUT", connectorPath(name) + "/pause", null);
    }

    /** Resumes a PAUSED or STOPPED connector ({@code PUT /connectors/{name}/resume}). */
    public void resume(String name) {
        http.send("PUT", connectorPath(name) + "/resume", null);
    }

    /**
     * Stops the connector ({@code PUT /connectors/{name}/stop}): its tasks are shut down and release their
     * resources, the configuration stays, and offsets can then be altered or reset.
     */
    public void stop(String name) {
        http.send("PUT", connectorPath(name) + "/stop", null);
    }

    /** Restarts the connector ({@code POST /connectors/{name}/restart?includeTasks=..&onlyFailed=..}). */
    public void restart(String name, boolean includeTasks, boolean onlyFailed) {
        http.send("POST", connectorPath(name) + "/restart?includeTasks=" + includeTasks + "&onlyFailed=" + onlyFailed,
            null);
    }

    /** Deletes the connector ({@code DELETE /connectors/{name}}); its offsets stay in the offset store. */
    public void delete(String name) {
        http.send("DELETE", connectorPath(name), null);
    }

    /** The connector's offsets ({@code GET /connectors/{name}/offsets}); empty when none were committed. */
    public List<ConnectorOffset> offsets(String name) {
        JsonNode offsets = http.send("GET", connectorPath(name) + "/offsets", null).path("offsets");
        List<ConnectorOffset> result = new ArrayList<>();
        for (JsonNode entry : offsets) {
            result.add(new ConnectorOffset(ConnectJson.objectMap(entry.get("partition")),
                ConnectJson.objectMap(entry.get("offset"))));
        }
        return result;
    }

    /**
     * Alters offsets ({@code PATCH /connectors/{name}/offsets}); the connector must be STOPPED. An entry with a null
     * offset removes that partition's offset.
     *
     * @return Connect's confirmation message
     */
    public String alterOffsets(String name, List<ConnectorOffset> offsets) {
        ArrayNode entries = JSON.createArrayNode();
        for (ConnectorOffset offset : offsets) {
            ObjectNode entry = entries.addObject();
            entry.set("partition", JSON.valueToTree(offset.partition()));
            entry.set("offset", JSON.valueToTree(offset.offset()));
        }
        ObjectNode request = JSON.createObjectNode();
        request.set("offsets", entries);
        return http.send("PATCH", connectorPath(name) + "/offsets", request).path("message").asText();
    }

    /**
     * Resets all offsets ({@code DELETE /connectors/{name}/offsets}); the connector must be STOPPED. A source
     * connector then starts from the beginning of its data; a sink connector's consumer group offsets are deleted,
     * so it re-reads its topics from the beginning (its {@code auto.offset.reset}) when resumed.
     *
     * @return Connect's confirmation message
     */
    public String resetOffsets(String name) {
        return http.send("DELETE", connectorPath(name) + "/offsets", null).path("message").asText();
    }

    /**
     * Polls the status until the connector reaches {@code expected}: for RUNNING and PAUSED the connector and all its
     * tasks (at least one); for STOPPED the connector with no tasks left; for other states the connector itself.
     * A connector that does not exist yet is waited for.
     *
     * @return the status that matched
     * @throws IllegalStateException when a task or the connector FAILED (with the trace's first line) while waiting
     *                               for another state, or on timeout (with the last status seen)
     */
    public ConnectorStatus awaitState(String name, ConnectorState expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ConnectorStatus last = null;
        while (true) {
            try {
                last = status(name);
                if (matches(last, expected)) {
                    return last;
                }
                if (expected != ConnectorState.FAILED && last.anyFailed()) {
                    throw new IllegalStateException("Connector " + name + " at " + baseUrl + " failed while waiting "
                        + "for " + expected + ": " + String.join("; ", last.failures()));
                }
            } catch (ConnectRestException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Connector " + name + " at " + baseUrl + " did not reach " + expected
                    + " within " + timeout.toSeconds() + " s; last status: " + describe(last));
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private static boolean matches(ConnectorStatus status, ConnectorState expected) {
        return switch (expected) {
            case RUNNING, PAUSED -> status.connectorAndTasksAre(expected);
            case STOPPED -> status.state() == ConnectorState.STOPPED && status.tasks().isEmpty();
            default -> status.state() == expected;
        };
    }

    private static String describe(ConnectorStatus status) {
        if (status == null) {
            return "not found";
        }
        StringBuilder text = new StringBuilder(status.state().name());
        status.tasks().forEach(t -> text.append(", task ").append(t.id()).append(' ').append(t.state()));
        return text.toString();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis()); // polling/backoff interval between REST calls
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Connect", e);
        }
    }

    private static String connectorPath(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("connector name must not be empty");
        }
        return "/connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static URI parseBaseUrl(String url) {
        String trimmed = url == null ? "" : url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Connect URL '" + url + "' is not a URL: " + e.getMessage(), e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("Connect URL '" + url + "' must look like http://host:8083");
        }
        return uri;
    }
}
