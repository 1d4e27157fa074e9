package io.brokerconnect.cli.verify.report;

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
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The console form of a report: the spec's verification step (row counts per table, time ranges, files per
 * project and type) plus the bucket, latest, collector and meta checks, damaged rows, every mismatch with its
 * sample rows (up to {@code maxListed} buckets; the report files list them all) and the result line.
 */
public final class ReportText {

    private ReportText() {
    }

    public static String render(VerifyReport report, int maxListed) {
        StringWriter text = new StringWriter();
        render(report, new PrintWriter(text), maxListed);
        return text.toString();
    }

    public static void render(VerifyReport report, PrintWriter out, int maxListed) {
        out.printf("Verification: SQLite %s%n          vs. PostgreSQL %s (schema %s)%n", report.sqlite(), report.postgres(),
            report.schema());
        out.printf("Scope: %s; files %s, meta %s%n", report.scope().mode(), report.scope().files(), report.scope().meta());
        report.scope().notes().forEach(note -> out.printf("  - %s%n", note));
        out.println();

        out.printf("%-12s %14s %10s %16s %14s%n", "table", "SQLite rows", "damaged", "expected in PG", "PostgreSQL");
        for (TableCount t : report.tables()) {
            out.printf("%-12s %14s %10s %16s %14s   %s%n", t.table(), t.sqliteRows() == null ? "-" : n(t.sqliteRows()),
                n(t.damaged()), n(t.expected()), n(t.postgres()), ok(t.equal()));
        }
        out.println();
        out.printf("%-12s %-46s %-46s%n", "time range", "SQLite (usable rows)", "PostgreSQL");
        for (TimeRange r : report.timeRanges()) {
            out.printf("%-12s %-46s %-46s %s%n", r.table(), span(r.sqliteOldest(), r.sqliteNewest()),
                span(r.postgresOldest(), r.postgresNewest()), ok(r.equal()));
        }
        out.println();
        out.printf("%-12s %-8s %14s %14s%n", "project", "type", "SQLite files", "PostgreSQL");
        for (Distribution d : report.distribution()) {
            out.printf("%-12s %-8s %14s %14s   %s%n", d.project(), d.type(), n(d.sqlite()), n(d.postgres()),
                ok(d.sqlite() == d.postgres()));
        }
        out.println();
        var files = report.files();
        out.printf("files content per day x collector x type: %s buckets, %s equal, %s differ (checksum SQLite %s, "
            + "PostgreSQL %s)   %s%n", n(files.bucketsCompared()), n(files.bucketsEqual()), n(files.bucketsDiffering()),
            files.sqliteChecksum(), files.postgresChecksum(), ok(files.bucketsDiffering() == 0));
        if (files.postgresRowsNotCompared() > 0) {
            out.printf("  (%s PostgreSQL files at or after the source's cutoff were not compared)%n",
                n(files.postgresRowsNotCompared()));
        }
        var latest = report.latest();
        out.printf("latest (%s) against SQLite's newest files and PostgreSQL's own: %s expected, %s in PostgreSQL, "
            + "%d mismatch(es)   %s%n", latest.mode(), n(latest.expected()), n(latest.postgres()),
            latest.mismatches().size(), ok(latest.mismatches().isEmpty()));
        var collectors = report.collectors();
        out.printf("collectors by (project, name), field by field (url, updates_interval): %s expected, %s in "
            + "PostgreSQL, %d mismatch(es)   %s%n", n(collectors.expected()), n(collectors.postgres()),
            collectors.mismatches().size(), ok(collectors.mismatches().isEmpty()));
        var meta = report.meta();
        out.printf("meta per day (distinct rows): %s days, %s equal; %s PostgreSQL duplicate(s)   %s%n",
            n(meta.daysCompared()), n(meta.daysEqual()), n(meta.postgresDuplicates()),
            ok(meta.daysCompared() == meta.daysEqual()));
        if (meta.postgresOlderNotCompared() + meta.postgresNewerNotCompared() > 0) {
            out.printf("  (not compared: %s PostgreSQL meta rows older than SQLite's oldest, %s at or after the source's "
                + "cutoff)%n", n(meta.postgresOlderNotCompared()), n(meta.postgresNewerNotCompared()));
        }
        if (!report.damaged().isEmpty()) {
            out.println();
            out.println("Damaged SQLite rows (never sent to PostgreSQL; the source connector routes them to the "
                + "errors topic):");
            for (DamagedRows d : report.damaged()) {
                out.printf("  %-10s %-62s %10s%n", d.table(), d.reason(), n(d.rows()));
            }
        }
        mismatches(report, out, maxListed);
        out.println();
        if (report.parity()) {
            out.println("RESULT: PARITY");
        } else {
            out.println("RESULT: MISMATCH - " + String.join("; ", report.mismatches()));
        }
        var t = report.timings();
        out.printf("Took %.1f s (files aggregated concurrently: SQLite %.1f s, PostgreSQL %.1f s; samples %.1f s)%n",
            t.totalSeconds(), t.sqliteFilesAggregateSeconds(), t.postgresFilesAggregateSeconds(), t.samplesSeconds());
        out.flush();
    }

    private static void mismatches(VerifyReport report, PrintWriter out, int maxListed) {
        if (report.parity()) {
            return;
        }
        out.println();
        out.println("Mismatches:");
        int listed = 0;
        for (FileBucketMismatch m : report.files().mismatches()) {
            if (listed++ >= maxListed) {
                out.printf("  ... %s more files buckets in the report files%n",
                    n(report.files().bucketsDiffering() - maxListed));
                break;
            }
            out.printf("  files %s %s %s %s: %s (SQLite %s rows, PostgreSQL %s)%n", m.day(), m.project(), m.collector(),
                m.type(), m.problem(), n(m.sqliteRows()), n(m.postgresRows()));
            for (SampleRow s : m.samples()) {
                out.printf("      %s %s: %s%n", s.ts(), s.problem(), sampleSizes(s));
            }
        }
        for (LatestMismatch m : report.latest().mismatches()) {
            out.printf("  latest %s %s (against the %s): %s; expected %s, PostgreSQL %s%n", m.collector(), m.type(),
                m.against(), m.problem(), orNone(m.expected()), orNone(m.postgres()));
        }
        for (CollectorMismatch m : report.collectors().mismatches()) {
            out.printf("  collectors %s/%s %s: SQLite %s, PostgreSQL %s%n", m.project(), m.name(), m.field(),
                quote(m.sqlite()), quote(m.postgres()));
        }
        for (MetaDayMismatch m : report.meta().mismatches()) {
            out.printf("  meta %s: SQLite %s distinct rows, PostgreSQL %s%n", m.day(), n(m.sqliteRows()),
                n(m.postgresRows()));
            for (MetaSample s : m.samples()) {
                out.printf("      %s %s (update_duration %d, insert_count %d)%n", s.updateTs(), s.problem(),
                    s.updateDuration(), s.insertCount());
            }
        }
    }

    /** The sizes of a sample row on the side(s) that have it. */
    static String sampleSizes(SampleRow s) {
        String expected = "expected rough " + size(s.expectedRoughSize()) + " exact " + size(s.expectedExactSize());
        String postgres = "PostgreSQL rough " + size(s.postgresRoughSize()) + " exact " + size(s.postgresExactSize());
        return onlyExpected(s) ? expected : onlyPostgres(s) ? postgres : expected + ", " + postgres;
    }

    static boolean onlyExpected(SampleRow s) {
        return s.problem().startsWith("missing");
    }

    static boolean onlyPostgres(SampleRow s) {
        return s.problem().startsWith("only in");
    }

    static String n(long value) {
        return String.format("%,d", value);
    }

    static String ok(boolean ok) {
        return ok ? "OK" : "DIFFERS";
    }

    static String span(String from, String to) {
        return from == null ? "(none)" : from + " .. " + to;
    }

    static String size(Long size) {
        return size == null ? "NULL" : size.toString();
    }

    private static String orNone(String value) {
        return value == null ? "(none)" : value;
    }

    private static String quote(String value) {
        return value == null ? "NULL" : "'" + value + "'";
    }
}
