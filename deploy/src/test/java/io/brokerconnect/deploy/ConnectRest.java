package io.brokerconnect.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.brokerconnect.deploy.DeployFiles.ConnectorFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The few calls of Kafka Connect's REST API the deployment test makes, as an operator's curl would. */
final class ConnectRest {

    record Response(int status, JsonNode body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    ConnectRest(URI base) {
        this.base = base;
    }

    URI base() {
        return base;
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Response post(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(json(body)));
    }

    Response put(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).PUT(json(body)));
    }

    /** GET that answers with the body, or throws naming the status and body. */
    JsonNode getOk(String path) throws IOException, InterruptedException {
        Response response = get(path);
        if (response.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.status() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * PUT /connector-plugins/{class}/config/validate: the worker's own checks (framework and connector) of a
     * configuration, as "key: [errors]" lines; empty when it is valid.
     */
    List<String> validationErrors(ConnectorFile connector) throws IOException, InterruptedException {
        Map<String, String> named = new LinkedHashMap<>(connector.config());
        named.put("name", connector.name());  // the endpoint requires it
        Response response = put("/connector-plugins/" + connector.config().get("connector.class") + "/config/validate",
            named);
        if (response.status() != 200) {
            throw new IllegalStateException("validate answered " + response.status() + ": " + response.body());
        }
        List<String> errors = new ArrayList<>();
        for (JsonNode config : response.body().get("configs")) {
            JsonNode value = config.get("value");
            if (!value.get("errors").isEmpty()) {
                errors.add(value.get("name").asText() + ": " + value.get("errors"));
            }
        }
        if (errors.size() != response.body().get("error_count").asInt()) {
            throw new IllegalStateException("error_count does not match the listed errors: " + response.body());
        }
        return errors;
    }

    /**
     * POST /connectors once: true when created (201), false when the worker is not ready to take writes yet (409,
     * a distributed worker that has not joined its group); anything else is an error.
     */
    boolean tryCreate(ConnectorFile connector) throws IOException, InterruptedException {
        Response created = post("/connectors", Map.of("name", connector.name(), "config", connector.config()));
        if (created.status() == 201) {
            return true;
        }
        if (created.status() == 409) {
            return false;
        }
        throw new IllegalStateException("POST /connectors answered " + created.status() + ": " + created.body());
    }

    /** The failure of a connector or one of its tasks, with Connect's trace; empty while nothing failed. */
    Optional<String> failure(String connector) throws IOException, InterruptedException {
        Response status = get("/connectors/" + connector + "/status");
        if (status.status() != 200) {
            return Optional.empty();  // not (yet) known to this worker
        }
        if ("FAILED".equals(status.body().at("/connector/state").asText())) {
            return Optional.of(connector + " failed: " + status.body().at("/connector/trace").asText());
        }
        for (JsonNode task : status.body().get("tasks")) {
            if ("FAILED".equals(task.get("state").asText())) {
                return Optional.of(connector + " task " + task.get("id") + " failed: " + task.get("trace").asText());
            }
        }
        return Optional.empty();
    }

    /** True when {@code path} answers 200; Connect's REST server answers 404 until its resources are registered. */
    boolean answers(String path) {
        try {
            return get(path).status() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json").header("Accept", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? DeployFiles.JSON.nullNode()
            : DeployFiles.JSON.readTree(response.body());
        return new Response(response.statusCode(), body);
    }

    private static HttpRequest.BodyPublisher json(Object body) throws IOException {
        return HttpRequest.BodyPublishers.ofString(DeployFiles.JSON.writeValueAsString(body));
    }
}
