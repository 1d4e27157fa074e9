package io.brokerconnect.sink.layout;

import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.config.PostgresSinkConfig;

/** Creates the {@link TargetLayout} a configuration or a tool names. */
public final class TargetLayouts {

    private TargetLayouts() {
    }

    /**
     * The layout of a sink configuration.
     *
     * @throws IllegalArgumentException when the settings contradict the layout or the connection does not resolve
     */
    public static TargetLayout of(PostgresSinkConfig config) {
        config.layoutConflict().ifPresent(message -> {
            throw new IllegalArgumentException(message);
        });
        return create(config.layoutName(), config.connection().schema(), config.bookkeepingSchema(),
            config.sizesZeroAsNull());
    }

    /**
     * @param specSchema      the spec layout's schema (the upstream layouts' schema is fixed)
     * @param bookkeeping     the upstream layouts' bookkeeping schema (the spec layout keeps it in its own schema)
     * @param sizesZeroAsNull the spec's rule for sizes of 0 (the upstream layouts always keep 0)
     */
    public static TargetLayout create(LayoutName name, Identifier specSchema, Identifier bookkeeping,
                                      boolean sizesZeroAsNull) {
        return switch (name) {
            case SPEC -> new SpecLayout(specSchema, sizesZeroAsNull);
            case BROKER -> new BrokerLayout(bookkeeping);
            case MRT -> new MrtLayout(bookkeeping);
        };
    }

    /** The spec layout in the given schema with the spec's defaults. */
    public static TargetLayout spec(Identifier schema) {
        return new SpecLayout(schema, true);
    }

    /** A layout with default bookkeeping and the spec's size rule (tools). */
    public static TargetLayout create(LayoutName name, Identifier specSchema) {
        return create(name, specSchema, new Identifier(LayoutName.BOOKKEEPING_SCHEMA_DEFAULT), true);
    }
}
