package io.brokerconnect.cli.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.layout.TargetLayout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import org.junit.jupiter.api.Test;

/** {@code --target-layout} and {@code --bookkeeping-schema} as every command parses them. */
class TargetLayoutOptionsTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        PostgresOptions postgres;

        @Mixin
        TargetLayoutOptions target;
    }

    private static Probe parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe;
    }

    @Test
    void theDefaultIsTheSpecLayoutInTheGivenSchema() {
        Probe probe = parse("--pg-url", "jdbc:postgresql://db/broker", "--schema", "data");
        TargetLayout layout = probe.target.layout(probe.postgres);
        assertEquals(LayoutName.SPEC, layout.name());
        assertEquals("\"data\".files", layout.filesTable());
    }

    @Test
    void anUpstreamLayoutUsesItsFixedSchemaAndTheBookkeepingSchema() {
        Probe probe = parse("--pg-url", "jdbc:postgresql://db/broker", "--target-layout", "Broker",
            "--bookkeeping-schema", "books");
        TargetLayout layout = probe.target.layout(probe.postgres);
        assertEquals(LayoutName.BROKER, layout.name());
        assertEquals("\"broker\".file", layout.filesTable());
        assertEquals("books", layout.bookkeepingSchema().name());
    }

    @Test
    void contradictionsAreRefusedAsTheSinkRefusesThem() {
        Probe schema = parse("--pg-url", "jdbc:postgresql://db/broker", "--target-layout", "mrt", "--schema", "data");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> schema.target.layout(schema.postgres))
            .getMessage().contains("--schema data does not apply to --target-layout mrt"));
        Probe bookkeeping = parse("--pg-url", "jdbc:postgresql://db/broker", "--target-layout", "mrt",
            "--bookkeeping-schema", "api");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> bookkeeping.target.layout(bookkeeping.postgres))
            .getMessage().contains("is the broker's own schema"));
        CommandLine.ParameterException unknown = assertThrows(CommandLine.ParameterException.class,
            () -> parse("--target-layout", "postgres"));
        assertTrue(unknown.getMessage().contains("unknown target layout 'postgres'"), unknown.getMessage());
    }
}
