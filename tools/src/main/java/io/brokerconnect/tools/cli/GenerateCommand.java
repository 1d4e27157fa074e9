package io.brokerconnect.tools.cli;

import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GenerationReport;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code generate}: writes a broker-shaped SQLite database and prints what it wrote. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
                "Generate a BGPKIT Broker SQLite database (real collectors, real cadence, WAL mode).",
                "An existing OUTPUT (and its -wal/-shm files) is replaced."})
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "OUTPUT",
            description = "SQLite file to create, e.g. /tmp/broker.sqlite3 (or give it with --out).")
    Path positionalOutput;

    @Option(names = {"-o", "--out"}, paramLabel = "PATH", description = "SQLite file to create (same as OUTPUT).")
    Path outOption;

    @Option(names = {"-n", "--rows"}, defaultValue = "1000000", paramLabel = "N",
            description = "Good rows in the files table (default: ${DEFAULT-VALUE}); 55000000 is production size.")
    long rows;

    @Option(names = {"-d", "--damaged"}, defaultValue = "0", paramLabel = "N",
            description = "Extra damaged files rows (TEXT/NULL/REAL in INTEGER columns, unknown ids, negative sizes); "
                    + "> 0 also adds a NULL-name collector, two project-alias collectors and 2 damaged meta rows "
                    + "(default: ${DEFAULT-VALUE}).")
    int damaged;

    @Option(names = {"-s", "--seed"}, defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-e", "--end"}, defaultValue = "2025-06-01T00:00:00Z", converter = EpochOrInstantConverter.class,
            paramLabel = "TIME", description = "Newest file time: epoch seconds, ISO instant or date (default: ${DEFAULT-VALUE}).")
    Instant end;

    @Option(names = "--types-reversed", description = "Store rib as type id 2 and updates as 1.")
    boolean typesReversed;

    @Override
    public Integer call() throws Exception {
        Path output = output();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Generating %,d files rows (+%,d damaged), seed %d, end %s -> %s%n", rows, damaged, seed, end, output);
        out.flush();
        GenerationReport report = BrokerDatabaseGenerator.generate(GeneratorOptions.builder(output)
                .fileRows(rows)
                .damagedRows(damaged)
                .seed(seed)
                .end(end)
                .typesReversed(typesReversed)
                .progress(line -> {
                    out.println(line);
                    out.flush();
                })
                .build());
        out.print(report.summary());
        out.flush();
        return 0;
    }

    private Path output() {
        if ((positionalOutput == null) == (outOption == null)) {
            throw new ParameterException(spec.commandLine(), "Give the SQLite file to create once: --out PATH or OUTPUT");
        }
        return outOption != null ? outOption : positionalOutput;
    }
}
