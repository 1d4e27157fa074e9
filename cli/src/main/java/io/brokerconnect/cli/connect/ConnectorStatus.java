package io.brokerconnect.cli.connect;

import java.util.ArrayList;
import java.util.List;

/**
 * A connector's status, from {@code GET /connectors/{name}/status} (or the {@code status} part of
 * {@code GET /connectors?expand=status}).
 *
 * @param name     connector name
 * @param type     {@code source} or {@code sink} (null when the worker does not know it yet)
 * @param state    the connector's own state
 * @param workerId the worker running the connector
 * @param trace    the stack trace when the connector FAILED, else null
 * @param tasks    its tasks, by id
 */
public record ConnectorStatus(String name, String type, ConnectorState state, String workerId, String trace,
                              List<TaskStatus> tasks) {

    public ConnectorStatus {
        tasks = List.copyOf(tasks);
    }

    /** True when the connector or any of its tasks is FAILED. */
    public boolean anyFailed() {
        return state == ConnectorState.FAILED || tasks.stream().anyMatch(t -> t.state() == ConnectorState.FAILED);
    }

    /** True when the connector and all of its tasks (at least one) are in {@code expected}. */
    public boolean connectorAndTasksAre(ConnectorState expected) {
        return state == expected && !tasks.isEmpty() && tasks.stream().allMatch(t -> t.state() == expected);
    }

    /**
     * One line per FAILED part: {@code "<name>: <first trace line>"} or {@code "<name> task N: ..."}, followed by
     * the root cause line when the trace has a different one.
     */
    public List<String> failures() {
        List<String> lines = new ArrayList<>();
        if (state == ConnectorState.FAILED) {
            addFailure(lines, name, trace);
        }
        for (TaskStatus task : tasks) {
            if (task.state() == ConnectorState.FAILED) {
                addFailure(lines, name + " task " + task.id(), task.trace());
            }
        }
        return lines;
    }

    private static void addFailure(List<String> lines, String what, String trace) {
        String first = Traces.firstLine(trace);
        lines.add(what + ": " + (first == null ? "(no trace reported)" : first));
        String cause = Traces.rootCause(trace);
        if (cause != null) {
            lines.add("  caused by: " + cause);
        }
    }
}
