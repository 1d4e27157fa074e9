package io.brokerconnect.cli.connect;

/**
 * One task of a connector, from {@code GET /connectors/{name}/status}.
 *
 * @param id       task number
 * @param state    the task's state
 * @param workerId the worker running it ({@code host:port})
 * @param trace    the stack trace of a FAILED task, else null
 */
public record TaskStatus(int id, ConnectorState state, String workerId, String trace) {

    /** The first line of the trace (exception class and message), or null when there is no trace. */
    public String traceFirstLine() {
        return Traces.firstLine(trace);
    }
}
