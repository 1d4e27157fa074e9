package io.brokerconnect.cli.verify.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one comparison of SQLite with PostgreSQL: the tables of the console output, every mismatch with
 * sample rows, the damaged SQLite rows that were left out, and timings. Plain records, so that the Markdown and
 * JSON reports and the console table all show the same facts. Times are ISO-8601 UTC strings.
 */
@JsonPropertyOrder({"parity", "mismatches"})
public record VerifyReport(String generatedAt, String sqlite, String postgres, String schema, Scope scope,
                           List<TableCount> tables, List<TimeRange> timeRanges, List<Distribution> distribution,
                           FilesResult files, LatestResult latest, CollectorsResult collectors, MetaResult meta,
                           List<DamagedRows> damaged, Timings timings) {

    /** True only when every compared table, bucket, latest row, collector and meta day is equal. */
    @JsonProperty("parity")
    public boolean parity() {
        return mismatches().isEmpty();
    }

    /** One line per kind of mismatch, e.g. "files: 3 of 61,239 buckets differ"; empty on parity. */
    @JsonProperty("mismatches")
    public List<String> mismatches() {
        List<String> out = new ArrayList<>();
        // Row counts only where they differ; equal counts with different content are named by the lines below.
        tables.stream().filter(t -> !t.equal() && t.expected() != t.postgres()).forEach(t -> out.add(t.table() + ": "
            + String.format("%,d rows expected in PostgreSQL, %,d found", t.expected(), t.postgres())));
        if (files.bucketsDiffering() > 0) {
            out.add("files: " + String.format("%,d of %,d", files.bucketsDiffering(), files.bucketsCompared())
                + " day x collector x type buckets differ");
        }
        if (!latest.mismatches().isEmpty()) {
            out.add("latest: " + latest.mismatches().size() + " row(s) differ");
        }
        if (!collectors.mismatches().isEmpty()) {
            out.add("collectors: " + collectors.mismatches().size() + " field(s) differ");
        }
        if (meta.daysCompared() != meta.daysEqual()) {
            out.add("meta: " + (meta.daysCompared() - meta.daysEqual()) + " day(s) differ");
        }
        return out;
    }

    /** The console table (at most {@code maxListed} mismatching buckets with their samples). */
    public String renderText(int maxListed) {
        return ReportText.render(this, maxListed);
    }

    public void writeMarkdown(Path path) throws IOException {
        ReportFiles.writeMarkdown(this, path);
    }

    public void writeJson(Path path) throws IOException {
        ReportFiles.writeJson(this, path);
    }

    /**
     * What was compared.
     *
     * @param mode        {@code all}, {@code window} or {@code up-to-offset}
     * @param files       files timestamps compared, e.g. {@code [2025-01-01T00:00:00Z, +inf)}
     * @param meta        meta update_ts compared
     * @param notes       how the ranges came about (window, offset cutoffs, meta retention)
     */
    public record Scope(String mode, String files, String meta, boolean zeroSizesAsNull, Long sourceFilesRowid,
                        Long sourceMetaRowid, String offsetsOrigin, long sqliteFilesMaxRowid, long sqliteMetaMaxRowid,
                        List<String> notes) {
    }

    /** Row counts of one table; {@code sqliteRows} includes damaged rows, {@code expected} is what PostgreSQL needs. */
    public record TableCount(String table, Long sqliteRows, long damaged, long expected, long postgres, boolean equal) {
    }

    public record TimeRange(String table, String sqliteOldest, String sqliteNewest, String postgresOldest,
                            String postgresNewest, boolean equal) {
    }

    /** Files per project and type, as the spec's verification query shows them. */
    public record Distribution(String project, String type, long sqlite, long postgres) {
    }

    /**
     * @param postgresRowsNotCompared files PostgreSQL holds at or after the up-to-offset cutoff (not a mismatch)
     * @param mismatchesNotListed     mismatching buckets beyond the listed ones
     */
    public record FilesResult(long bucketsCompared, long bucketsEqual, long bucketsDiffering, String sqliteChecksum,
                              String postgresChecksum, long postgresRowsNotCompared, List<FileBucketMismatch> mismatches,
                              long mismatchesNotListed) {
    }

    public record FileBucketMismatch(String day, String project, String collector, String type, String problem,
                                     long sqliteRows, long postgresRows, String sqliteChecksum, String postgresChecksum,
                                     List<SampleRow> samples) {

        public FileBucketMismatch withSamples(List<SampleRow> rows) {
            return new FileBucketMismatch(day, project, collector, type, problem, sqliteRows, postgresRows,
                sqliteChecksum, postgresChecksum, List.copyOf(rows));
        }
    }

    /** One differing row; sizes as PostgreSQL holds or should hold them (null = NULL). */
    public record SampleRow(String ts, String problem, Long expectedRoughSize, Long expectedExactSize,
                            Long postgresRoughSize, Long postgresExactSize) {
    }

    /** @param mode {@code exact} or {@code at-least-as-new} (with --until or up-to-offset, PostgreSQL may be newer) */
    public record LatestResult(String mode, long expected, long postgres, List<LatestMismatch> mismatches) {
    }

    /** @param against what latest was checked against: SQLite's newest file or PostgreSQL's own newest file */
    public record LatestMismatch(String collector, String type, String against, String problem, String expected,
                                 String postgres) {
    }

    public record CollectorsResult(long expected, long postgres, List<CollectorMismatch> mismatches) {
    }

    public record CollectorMismatch(String project, String name, String field, String sqlite, String postgres) {
    }

    /**
     * @param sqliteRows  distinct usable meta rows in the compared range
     * @param postgresRows distinct meta rows in the compared range
     * @param postgresDuplicates rows PostgreSQL holds twice (the broker's own insert next to the sink's; not a mismatch)
     */
    public record MetaResult(long daysCompared, long daysEqual, long sqliteRows, long postgresRows,
                             long postgresDuplicates, long postgresOlderNotCompared, long postgresNewerNotCompared,
                             List<MetaDayMismatch> mismatches) {
    }

    public record MetaDayMismatch(String day, long sqliteRows, long postgresRows, List<MetaSample> samples) {

        public MetaDayMismatch withSamples(List<MetaSample> rows) {
            return new MetaDayMismatch(day, sqliteRows, postgresRows, List.copyOf(rows));
        }
    }

    public record MetaSample(String updateTs, String problem, long updateDuration, long insertCount) {
    }

    /** SQLite rows the source connector sends to the errors topic instead of PostgreSQL. */
    public record DamagedRows(String table, String reason, long rows) {
    }

    /**
     * @param sqliteFilesAggregateSeconds   SQLite's files GROUP BY until its first bucket (it reads every row first)
     * @param postgresFilesAggregateSeconds the same for PostgreSQL; both run at the same time
     * @param sqliteSeconds                 the SQLite reader thread from start to end (it may wait for the merge)
     */
    public record Timings(double sqliteFilesAggregateSeconds, double postgresFilesAggregateSeconds, double sqliteSeconds,
                          double postgresSeconds, double samplesSeconds, double totalSeconds) {
    }
}
