package io.brokerconnect.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /connectors/{name}/status} as one worker answers it: the state of a connector and of its tasks, and
 * the worker each runs on ({@code worker_id}, the worker's advertised host:port).
 */
record ConnectorStatus(String name, String state, String workerId, List<Task> tasks) {

    record Task(int id, String state, String workerId) {

        @Override
        public String toString() {
            return "task " + id + " " + state + " on " + workerId;
        }
    }

    /** The status {@code rest}'s worker reports; empty while the connector is unknown to it. */
    static Optional<ConnectorStatus> read(ConnectRest rest, String connector) {
        try {
            ConnectRest.Response response = rest.get("/connectors/" + connector + "/status");
            if (response.status() != 200) {
                return Optional.empty();
            }
            JsonNode body = response.body();
            List<Task> tasks = new ArrayList<>();
            body.get("tasks").forEach(t -> tasks.add(
                new Task(t.get("id").asInt(), t.get("state").asText(), t.get("worker_id").asText())));
            return Optional.of(new ConnectorStatus(connector, body.at("/connector/state").asText(),
                body.at("/connector/worker_id").asText(), List.copyOf(tasks)));
        } catch (IOException e) {
            throw new UncheckedIOException("GET status of " + connector + " at " + rest.base(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The connector and every one of its tasks are RUNNING on worker {@code id}. */
    boolean allRunningOn(String id) {
        return "RUNNING".equals(state) && id.equals(workerId) && !tasks.isEmpty()
            && tasks.stream().allMatch(t -> "RUNNING".equals(t.state()) && id.equals(t.workerId()));
    }

    /** What of this connector runs on worker {@code id}: "connector", "task 0", ... */
    List<String> partsOn(String id) {
        List<String> parts = new ArrayList<>();
        if (id.equals(workerId)) {
            parts.add(name + " connector");
        }
        tasks.stream().filter(t -> id.equals(t.workerId())).forEach(t -> parts.add(name + " task " + t.id()));
        return parts;
    }

    @Override
    public String toString() {
        return name + " " + state + " on " + workerId + ", " + tasks;
    }
}
