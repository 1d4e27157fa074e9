package io.brokerconnect.cli.verify.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.brokerconnect.cli.verify.report.VerifyReport.CollectorMismatch;
import io.brokerconnect.cli.verify.report.VerifyReport.DamagedRows;
import io.brokerconnect.cli.verify.report.VerifyReport.Distribution;
import io.brokerconnect.cli.verify.report.VerifyReport.FileBucketMismatch;
import io.brokerconnect.cli.verify.report.VerifyReport.LatestMismatch;
import io.brokerconnect.cli.verify.report.VerifyReport.MetaDayMismatch;
import io.brokerconnect.cli.verify.report.VerifyReport.MetaSample;
import io.brokerconnect.cli.verify.report.VerifyReport.SampleRow;
import io.brokerconnect.cli.verify.report.VerifyReport.TableCount;
import io.brokerconnect.cli.verify.report.VerifyReport.TimeRange;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a report as Markdown (for people and tickets) and as JSON (for scripts and the quickstart). */
public final class ReportFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportFiles() {
    }

    public static void writeJson(VerifyReport report, Path path) throws IOException {
        createParent(path);
        JSON.writeValue(path.toFile(), report);
    }

    public static void writeMarkdown(VerifyReport report, Path path) throws IOException {
        createParent(path);
        Files.writeString(path, markdown(report));
    }

    static String markdown(VerifyReport report) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.printf("# broker-connect verify: %s%n%n", report.parity() ? "PARITY" : "MISMATCH");
        report.mismatches().forEach(m -> out.printf("- **%s**%n", m));
        out.printf("%n| | |%n|---|---|%n| generated | %s |%n| SQLite | `%s` |%n| PostgreSQL | `%s`, schema `%s` |%n"
            + "| scope | %s: files %s, meta %s |%n", report.generatedAt(), report.sqlite(), report.postgres(),
            report.schema(), report.scope().mode(), report.scope().files(), report.scope().meta());
        var t = report.timings();
        out.printf("| time | %.1f s (files aggregated concurrently: SQLite %.1f s, PostgreSQL %.1f s; samples %.1f s) |%n%n",
            t.totalSeconds(), t.sqliteFilesAggregateSeconds(), t.postgresFilesAggregateSeconds(), t.samplesSeconds());
        report.scope().notes().forEach(note -> out.printf("- %s%n", note));

        out.printf("%n## Row counts%n%n| table | SQLite rows | damaged | expected in PostgreSQL | PostgreSQL | |%n"
            + "|---|--:|--:|--:|--:|---|%n");
        for (TableCount c : report.tables()) {
            out.printf("| %s | %s | %s | %s | %s | %s |%n", c.table(),
                c.sqliteRows() == null ? "-" : ReportText.n(c.sqliteRows()), ReportText.n(c.damaged()),
                ReportText.n(c.expected()), ReportText.n(c.postgres()), ReportText.ok(c.equal()));
        }
        out.printf("%n## Time ranges%n%n| table | SQLite (usable rows) | PostgreSQL | |%n|---|---|---|---|%n");
        for (TimeRange r : report.timeRanges()) {
            out.printf("| %s | %s | %s | %s |%n", r.table(), ReportText.span(r.sqliteOldest(), r.sqliteNewest()),
                ReportText.span(r.postgresOldest(), r.postgresNewest()), ReportText.ok(r.equal()));
        }
        out.printf("%n## Files per project and type%n%n| project | type | SQLite | PostgreSQL |%n|---|---|--:|--:|%n");
        for (Distribution d : report.distribution()) {
            out.printf("| %s | %s | %s | %s |%n", d.project(), d.type(), ReportText.n(d.sqlite()),
                ReportText.n(d.postgres()));
        }
        var files = report.files();
        out.printf("%n## Checks%n%n- files per day x collector x type: %s buckets, %s equal, %s differ; "
            + "checksum SQLite `%s`, PostgreSQL `%s`; %s PostgreSQL files after the source's cutoff not compared%n",
            ReportText.n(files.bucketsCompared()), ReportText.n(files.bucketsEqual()),
            ReportText.n(files.bucketsDiffering()), files.sqliteChecksum(), files.postgresChecksum(),
            ReportText.n(files.postgresRowsNotCompared()));
        out.printf("- latest (%s): %s expected, %s in PostgreSQL, %d mismatch(es)%n", report.latest().mode(),
            ReportText.n(report.latest().expected()), ReportText.n(report.latest().postgres()),
            report.latest().mismatches().size());
        out.printf("- collectors: %s expected, %s in PostgreSQL, %d mismatch(es)%n",
            ReportText.n(report.collectors().expected()), ReportText.n(report.collectors().postgres()),
            report.collectors().mismatches().size());
        var meta = report.meta();
        out.printf("- meta: %s days, %s equal; %s PostgreSQL duplicates; not compared: %s older than SQLite's oldest, %s "
            + "after the source's cutoff%n", ReportText.n(meta.daysCompared()), ReportText.n(meta.daysEqual()),
            ReportText.n(meta.postgresDuplicates()), ReportText.n(meta.postgresOlderNotCompared()),
            ReportText.n(meta.postgresNewerNotCompared()));
        if (!report.damaged().isEmpty()) {
            out.printf("%n## Damaged SQLite rows (sent to the errors topic, never to PostgreSQL)%n%n"
                + "| table | reason | rows |%n|---|---|--:|%n");
            for (DamagedRows d : report.damaged()) {
                out.printf("| %s | %s | %s |%n", d.table(), d.reason(), ReportText.n(d.rows()));
            }
        }
        mismatches(report, out);
        out.flush();
        return text.toString();
    }

    private static void mismatches(VerifyReport report, PrintWriter out) {
        if (report.parity()) {
            return;
        }
        out.printf("%n## Mismatches%n");
        if (!report.files().mismatches().isEmpty()) {
            out.printf("%n### files buckets%n%n| day | project | collector | type | problem | SQLite rows "
                + "| PostgreSQL rows |%n|---|---|---|---|---|--:|--:|%n");
            for (FileBucketMismatch m : report.files().mismatches()) {
                out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", m.day(), m.project(), m.collector(), m.type(),
                    m.problem(), ReportText.n(m.sqliteRows()), ReportText.n(m.postgresRows()));
            }
            if (report.files().mismatchesNotListed() > 0) {
                out.printf("%nand %s more buckets.%n", ReportText.n(report.files().mismatchesNotListed()));
            }
            out.printf("%n#### Sample rows%n%n| bucket | ts | problem | expected rough | expected exact | PostgreSQL rough "
                + "| PostgreSQL exact |%n|---|---|---|--:|--:|--:|--:|%n");
            for (FileBucketMismatch m : report.files().mismatches()) {
                for (SampleRow s : m.samples()) {
                    boolean expected = !ReportText.onlyPostgres(s);
                    boolean postgres = !ReportText.onlyExpected(s);
                    out.printf("| %s %s %s | %s | %s | %s | %s | %s | %s |%n", m.day(), m.collector(), m.type(), s.ts(),
                        s.problem(), expected ? ReportText.size(s.expectedRoughSize()) : "-",
                        expected ? ReportText.size(s.expectedExactSize()) : "-",
                        postgres ? ReportText.size(s.postgresRoughSize()) : "-",
                        postgres ? ReportText.size(s.postgresExactSize()) : "-");
                }
            }
        }
        if (!report.latest().mismatches().isEmpty()) {
            out.printf("%n### latest%n%n| collector | type | against | problem | expected | PostgreSQL |%n"
                + "|---|---|---|---|---|---|%n");
            for (LatestMismatch m : report.latest().mismatches()) {
                out.printf("| %s | %s | %s | %s | %s | %s |%n", m.collector(), m.type(), m.against(), m.problem(),
                    m.expected(), m.postgres());
            }
        }
        if (!report.collectors().mismatches().isEmpty()) {
            out.printf("%n### collectors%n%n| project | name | field | SQLite | PostgreSQL |%n|---|---|---|---|---|%n");
            for (CollectorMismatch m : report.collectors().mismatches()) {
                out.printf("| %s | %s | %s | %s | %s |%n", m.project(), m.name(), m.field(), m.sqlite(), m.postgres());
            }
        }
        if (!report.meta().mismatches().isEmpty()) {
            out.printf("%n### meta days%n%n| day | SQLite rows | PostgreSQL rows | samples |%n|---|--:|--:|---|%n");
            for (MetaDayMismatch m : report.meta().mismatches()) {
                StringBuilder samples = new StringBuilder();
                for (MetaSample s : m.samples()) {
                    samples.append(s.updateTs()).append(' ').append(s.problem()).append(" (").append(s.updateDuration())
                        .append(", ").append(s.insertCount()).append(")<br>");
                }
                out.printf("| %s | %s | %s | %s |%n", m.day(), ReportText.n(m.sqliteRows()), ReportText.n(m.postgresRows()),
                    samples);
            }
        }
    }

    private static void createParent(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
