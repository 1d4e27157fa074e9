package io.brokerconnect.cli.verify;

import io.brokerconnect.cli.common.CliVersion;
import io.brokerconnect.cli.common.PostgresOptions;
import io.brokerconnect.cli.common.TargetLayoutOptions;
import io.brokerconnect.cli.offsets.SourceOffsets;
import io.brokerconnect.cli.pipeline.PipelineConfigs;
import io.brokerconnect.cli.verify.report.VerifyReport;
import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.tools.cli.EpochOrInstantConverter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code verify}: compares the broker's SQLite database with PostgreSQL and exits 0 only on parity. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = CliVersion.class,
        sortOptions = false,
        description = {
            "Compare a BGPKIT Broker SQLite database with PostgreSQL under the spec's conversions (epoch -> timestamptz, "
                + "size 0 -> NULL in the spec layout, project aliases normalised, collectors by (project, name), types by "
                + "name; --target-layout says which catalog layout PostgreSQL holds) and print "
                + "row counts per table, time ranges, files per project and type, a content checksum per "
                + "day x collector x type, latest against the newest files (SQLite's and PostgreSQL's own), collectors "
                + "field by field, meta per day, and every mismatch with sample rows. Writes the same as Markdown and JSON.",
            "",
            "Damaged SQLite rows (TEXT/REAL/NULL in INTEGER columns, negative sizes, unknown or damaged collector/type "
                + "rows, NULL collector names) are counted and listed separately, with exactly the source connector's "
                + "rules: they go to its errors topic, never to PostgreSQL, so they are not expected there.",
            "",
            "meta: compared by its three values per day, identical rows once (the sink never writes a row twice; "
                + "duplicates from the broker's own inserts are reported, not a mismatch). PostgreSQL meta rows older "
                + "than SQLite's oldest meta row (removed there by retention) are counted, not compared.",
            "",
            "--up-to-offset compares only what the source connector has emitted, for a live cutover gate while the "
                + "broker may also write PostgreSQL itself: files with a timestamp before the oldest usable SQLite file "
                + "whose rowid is past the source's files offset (every older file was emitted), and meta likewise. "
                + "Newer PostgreSQL rows are counted, not compared; latest must then be at least as new as SQLite's "
                + "newest compared file; PostgreSQL collectors that SQLite lacks are tolerated. The offsets come from "
                + "GET <connect>/connectors/<name>/offsets, or from --files-rowid and --meta-rowid.",
            ""},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:parity",
            "1:mismatch (listed above the result line and in the report)",
            "2:usage error, or a database or the Connect REST API could not be read"})
public final class VerifyCommand implements Callable<Integer> {

    static final DateTimeFormatter REPORT_STAMP =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(names = "--sqlite", required = true, paramLabel = "PATH", description = "The broker's SQLite database "
        + "(opened read-only; the broker may keep writing).")
    Path sqlite;

    @Mixin
    PostgresOptions postgres;

    @Mixin
    TargetLayoutOptions target;

    @Option(names = "--since", paramLabel = "TIME", converter = EpochOrInstantConverter.class,
        description = "Compare only files and meta rows at or after TIME: epoch seconds, ISO instant or date (UTC).")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = EpochOrInstantConverter.class,
        description = "Compare only files and meta rows before TIME.")
    Instant until;

    @Option(names = "--up-to-offset", description = "Compare only what the source connector has emitted (see above).")
    boolean upToOffset;

    @Option(names = "--connect", paramLabel = "URL", defaultValue = "http://localhost:8083",
        description = "Connect REST API for --up-to-offset (default: ${DEFAULT-VALUE}).")
    String connect;

    @Option(names = "--source-connector", paramLabel = "NAME", defaultValue = PipelineConfigs.SOURCE,
        description = "The source connector's name (default: ${DEFAULT-VALUE}, as in deploy/connect and the "
            + "quickstart).")
    String sourceConnector;

    @Option(names = "--files-rowid", paramLabel = "N",
        description = "The source's files offset (rowid) instead of asking Connect; implies --up-to-offset.")
    Long filesRowid;

    @Option(names = "--meta-rowid", paramLabel = "N",
        description = "The source's meta offset (rowid) instead of asking Connect; implies --up-to-offset.")
    Long metaRowid;

    @Option(names = "--keep-zero-sizes", description = "Expect size 0 as 0, for a sink with sizes.zero.as.null=false "
        + "(default: 0 is expected as NULL in the spec layout; the broker and mrt layouts always keep 0).")
    boolean keepZeroSizes;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "5",
        description = "Sample rows per mismatching bucket (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--sample-buckets", paramLabel = "N", defaultValue = "50",
        description = "Mismatching buckets that get sample rows (default: ${DEFAULT-VALUE}).")
    int sampleBuckets;

    @Option(names = "--list", paramLabel = "N", defaultValue = "50",
        description = "Mismatching buckets printed here; the report lists up to 10,000 (default: ${DEFAULT-VALUE}).")
    int listed;

    @Option(names = "--report", paramLabel = "PATH",
        description = "Write PATH.md and PATH.json (default: broker-connect-verify-<UTC time> in the current directory).")
    Path report;

    @Option(names = "--no-report", description = "Write no report files.")
    boolean noReport;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        VerifyOptions options = options();
        try {
            options = withOffsets(options);
            VerifyReport result = Verifier.verify(options);
            out.print(result.renderText(listed));
            out.flush();
            if (!noReport) {
                Path base = reportBase();
                Path markdown = Path.of(base + ".md");
                Path json = Path.of(base + ".json");
                result.writeMarkdown(markdown);
                result.writeJson(json);
                out.printf("Report: %s and %s%n", markdown, json);
                out.flush();
            }
            return result.parity() ? 0 : 1;
        } catch (VerifyException e) {
            err.println("verify: " + e.getMessage());
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("verify: cannot write the report: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    private VerifyOptions options() {
        if ((filesRowid == null) != (metaRowid == null)) {
            throw new ParameterException(spec.commandLine(), "Give both --files-rowid and --meta-rowid, or neither "
                + "(then --up-to-offset reads them from --connect)");
        }
        if (noReport && report != null) {
            throw new ParameterException(spec.commandLine(), "--report and --no-report contradict each other");
        }
        ConnectionSettings settings;
        try {
            settings = postgres.settings();
            return VerifyOptions.builder(sqlite, settings).layout(target.layout(postgres, settings)).since(since)
                .until(until).zeroSizesAsNull(!keepZeroSizes)
                .samplesPerBucket(samples).sampledBuckets(sampleBuckets).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private VerifyOptions withOffsets(VerifyOptions options) throws VerifyException {
        SourceOffsets offsets = null;
        if (filesRowid != null) {
            try {
                offsets = new SourceOffsets(filesRowid, metaRowid, "given as --files-rowid/--meta-rowid");
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        } else if (upToOffset) {
            offsets = ConnectOffsetsClient.fetch(connect, sourceConnector);
        }
        if (offsets == null) {
            return options;
        }
        return options.withOffsets(offsets);
    }

    private Path reportBase() {
        if (report == null) {
            return Path.of("broker-connect-verify-" + REPORT_STAMP.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        }
        String name = report.toString();
        return Path.of(name.endsWith(".md") || name.endsWith(".json") ? name.substring(0, name.lastIndexOf('.')) : name);
    }
}
