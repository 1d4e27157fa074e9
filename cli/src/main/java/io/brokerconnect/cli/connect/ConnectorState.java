package io.brokerconnect.cli.connect;

import java.util.Locale;

/** The state of a connector or task as Connect's REST API reports it. */
public enum ConnectorState {
    RUNNING,
    PAUSED,
    /** Connector stopped with {@code PUT /connectors/{name}/stop}: no tasks, config kept, offsets editable. */
    STOPPED,
    FAILED,
    UNASSIGNED,
    RESTARTING,
    /** A state this client does not know (a newer Connect); shown as is, never treated as healthy. */
    UNKNOWN;

    /** Parses Connect's state name; unknown names become {@link #UNKNOWN} instead of failing. */
    public static ConnectorState parse(String name) {
        if (name == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
