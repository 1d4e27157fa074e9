package io.brokerconnect.cli.common;

import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.layout.TargetLayouts;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Which PostgreSQL catalog layout a command reads or manages: {@code --target-layout} and {@code --bookkeeping-schema},
 * the sink's {@code target.layout} and {@code bookkeeping.schema}. Every command that knows table or column names
 * takes them from the {@link TargetLayout} this yields, so the tools see exactly what the sink writes.
 */
public final class TargetLayoutOptions {

    @Option(names = "--target-layout", paramLabel = "LAYOUT", defaultValue = "spec", converter = LayoutNameConverter.class,
            description = "The catalog layout, as the sink's target.layout: spec (the specification's schema, in "
                + "--schema), broker (upstream main's, schema broker) or mrt (broker v0.12.x's, schema mrt) "
                + "(default: ${DEFAULT-VALUE}).")
    LayoutName name = LayoutName.SPEC;

    @Option(names = "--bookkeeping-schema", paramLabel = "SCHEMA", defaultValue = LayoutName.BOOKKEEPING_SCHEMA_DEFAULT,
            description = "With --target-layout broker or mrt: the schema of the sink's own tables (migration history, "
                + "first-load record, ledger), as the sink's bookkeeping.schema (default: ${DEFAULT-VALUE}).")
    String bookkeepingSchema = LayoutName.BOOKKEEPING_SCHEMA_DEFAULT;

    public LayoutName name() {
        return name;
    }

    /**
     * The layout in the database {@code postgres} names (the spec layout in its resolved schema).
     *
     * @throws IllegalArgumentException when the options contradict the layout, as the sink's validation would
     */
    public TargetLayout layout(PostgresOptions postgres) {
        return layout(postgres, postgres.settings());
    }

    /**
     * The layout in the database of {@code settings}, which may differ from what {@code postgres} resolves to (the
     * quickstart's local server); {@code postgres} only says whether {@code --schema} was given.
     */
    public TargetLayout layout(PostgresOptions postgres, ConnectionSettings settings) {
        String fixed = name.fixedDataSchema().orElse(null);
        // The same contradictions the sink refuses (PostgresSinkConfig.layoutConflict), worded for the options.
        if (!name.acceptsSchema(postgres.schema)) {
            throw new IllegalArgumentException("--schema " + postgres.schema + " does not apply to --target-layout "
                + name.configValue() + ", whose tables are in schema " + fixed + ": leave --schema out");
        }
        if (!name.acceptsBookkeepingSchema(bookkeepingSchema)) {
            throw new IllegalArgumentException("--bookkeeping-schema " + bookkeepingSchema + " is the broker's own "
                + "schema; the sink's bookkeeping must live elsewhere (default " + LayoutName.BOOKKEEPING_SCHEMA_DEFAULT
                + ")");
        }
        // The read relations and the rebuild do not depend on the spec's size rule, so the sink's default serves.
        return TargetLayouts.create(name, settings.schema(), new Identifier(bookkeepingSchema), true);
    }

    /** Parses the sink's values case-insensitively; an unknown value is a usage error naming the valid ones. */
    public static final class LayoutNameConverter implements ITypeConverter<LayoutName> {
        @Override
        public LayoutName convert(String value) {
            try {
                return LayoutName.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
