package io.brokerconnect.sink.config;

import java.util.Arrays;
import java.util.Locale;

/** What the sink does with the target schema when a task starts. */
public enum SchemaManagement {
    /** Apply pending versioned migrations (adopting a schema created by the spec's own scripts). */
    MIGRATE,
    /** Only check that every migration is applied and unchanged; fail otherwise. */
    VALIDATE,
    /** Leave the schema alone: it is managed elsewhere. */
    NONE;

    public static SchemaManagement parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    public static String[] names() {
        return Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }
}
