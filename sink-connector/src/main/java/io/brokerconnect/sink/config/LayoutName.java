package io.brokerconnect.sink.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The catalog layouts the sink can write ({@code target.layout}); {@code io.brokerconnect.sink.layout} has their SQL. */
public enum LayoutName {

    /** The specification's schema (seed 000): enums, collectors, files, latest, meta, in a configurable schema. */
    SPEC("spec", null),
    /** Upstream main's layout (bgpkit-broker f80b9a4): every object in schema broker. */
    BROKER("broker", "broker"),
    /** The layout released broker v0.12.x reads: tables in schema mrt, read views in schema api. */
    MRT("mrt", "mrt");

    public static final String BOOKKEEPING_SCHEMA_DEFAULT = "broker_connect";

    private final String configValue;
    private final String fixedSchema;

    LayoutName(String configValue, String fixedSchema) {
        this.configValue = configValue;
        this.fixedSchema = fixedSchema;
    }

    public String configValue() {
        return configValue;
    }

    public static List<String> configValues() {
        return Arrays.stream(values()).map(LayoutName::configValue).toList();
    }

    /** @throws IllegalArgumentException naming the valid values */
    public static LayoutName parse(String value) {
        String normalized = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.configValue.equals(normalized)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown target layout '" + value + "'; use one of "
                + configValues()));
    }

    /** The schema of an upstream layout's tables, fixed by the broker that reads them; empty for the spec layout. */
    public Optional<String> fixedDataSchema() {
        return Optional.ofNullable(fixedSchema);
    }

    /** Whether a configured schema (empty: none) fits this layout: an upstream layout's schema is fixed. */
    public boolean acceptsSchema(String configured) {
        return fixedSchema == null || configured == null || configured.isBlank() || configured.equals(fixedSchema);
    }

    /** Whether the sink may keep its bookkeeping in this schema: never in one of the broker's own. */
    public boolean acceptsBookkeepingSchema(String bookkeeping) {
        return !brokerSchemas().contains(bookkeeping);
    }

    /** Schemas that belong to the broker in this layout (the bookkeeping schema must be none of them). */
    public List<String> brokerSchemas() {
        return switch (this) {
            case SPEC -> List.of();
            case BROKER -> List.of("broker");
            case MRT -> List.of("mrt", "api");
        };
    }
}
