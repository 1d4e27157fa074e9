package io.brokerconnect.common.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The collector projects the broker knows, with the canonical names that PostgreSQL's {@code project_type}
 * enum uses. The broker accepts the aliases {@code riperis} and {@code routeviews} on input, so values read
 * from SQLite are normalised here, once, before they reach any record.
 */
public enum Project {
    RIPE_RIS("ripe-ris", 300),
    ROUTE_VIEWS("route-views", 900);

    private final String canonicalName;
    private final int defaultUpdatesInterval;

    Project(String canonicalName, int defaultUpdatesInterval) {
        this.canonicalName = canonicalName;
        this.defaultUpdatesInterval = defaultUpdatesInterval;
    }

    /** The name used on the wire and in PostgreSQL, e.g. {@code ripe-ris}. */
    public String canonicalName() {
        return canonicalName;
    }

    /** Seconds between update dumps for this project's collectors (300 for RIS, 900 for RouteViews). */
    public int defaultUpdatesInterval() {
        return defaultUpdatesInterval;
    }

    /**
     * Parses a project as the broker may have stored it: canonical name or alias, any case, surrounding
     * blanks ignored. Empty when the text is not a known project.
     */
    public static Optional<Project> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String normalised = text.trim().toLowerCase(Locale.ROOT).replace("_", "-");
        switch (normalised) {
            case "ripe-ris":
            case "riperis":
            case "ris":
                return Optional.of(RIPE_RIS);
            case "route-views":
            case "routeviews":
                return Optional.of(ROUTE_VIEWS);
            default:
                return Optional.empty();
        }
    }

    /** values() copies its array on every call; fromCanonicalName runs once per record. */
    private static final Project[] ALL = values();

    /** Parses a canonical name found in a record; throws when the record is not one of ours. */
    public static Project fromCanonicalName(String name) {
        for (Project project : ALL) {
            if (project.canonicalName.equals(name)) {
                return project;
            }
        }
        throw new IllegalArgumentException("Unknown project '" + name + "'; expected ripe-ris or route-views");
    }

    @Override
    public String toString() {
        return canonicalName;
    }
}
