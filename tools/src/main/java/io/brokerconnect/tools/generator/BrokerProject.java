package io.brokerconnect.tools.generator;

import java.util.Locale;
import java.util.Optional;

/**
 * The two collector projects and their publishing cadence.
 *
 * <p>Intervals are what the archives really publish: RIPE RIS writes an updates dump every
 * 5 minutes and a RIB ("bview") every 8 hours; RouteViews writes updates every 15 minutes and a
 * RIB every 2 hours. {@code updatesInterval} is also the value the broker stores in
 * {@code collectors.updates_interval} (it derives it from the project in {@code insert_collector}).
 */
public enum BrokerProject {
    RIPE_RIS("ripe-ris", "riperis", 300, 8 * 3600),
    ROUTE_VIEWS("route-views", "routeviews", 900, 2 * 3600);

    private final String canonicalName;
    private final String alias;
    private final int updatesInterval;
    private final int ribInterval;

    BrokerProject(String canonicalName, String alias, int updatesInterval, int ribInterval) {
        this.canonicalName = canonicalName;
        this.alias = alias;
        this.updatesInterval = updatesInterval;
        this.ribInterval = ribInterval;
    }

    /** The spelling the broker writes ({@code ripe-ris}, {@code route-views}). */
    public String canonicalName() {
        return canonicalName;
    }

    /** The alternative spelling the broker accepts on input ({@code riperis}, {@code routeviews}). */
    public String alias() {
        return alias;
    }

    public int updatesInterval() {
        return updatesInterval;
    }

    public int ribInterval() {
        return ribInterval;
    }

    public int interval(FileType type) {
        return type == FileType.RIB ? ribInterval : updatesInterval;
    }

    /**
     * Normalises a stored project value the way the broker does ({@code ris}, {@code riperis},
     * {@code ripe-ris}, {@code rv}, {@code routeviews}, {@code route-views}, case-insensitive).
     */
    public static Optional<BrokerProject> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "ris", "riperis", "ripe-ris":
                return Optional.of(RIPE_RIS);
            case "rv", "routeviews", "route-views":
                return Optional.of(ROUTE_VIEWS);
            default:
                return Optional.empty();
        }
    }
}
