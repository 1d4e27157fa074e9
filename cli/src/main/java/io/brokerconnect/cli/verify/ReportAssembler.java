package io.brokerconnect.cli.verify;

import io.brokerconnect.cli.offsets.SourceOffsets;
import io.brokerconnect.cli.verify.compare.CollectorComparison;
import io.brokerconnect.cli.verify.compare.FilesComparison;
import io.brokerconnect.cli.verify.compare.LatestComparison;
import io.brokerconnect.cli.verify.compare.MetaComparison;
import io.brokerconnect.cli.verify.model.Bucket;
import io.brokerconnect.cli.verify.model.CollectorKey;
import io.brokerconnect.cli.verify.model.CollectorValues;
import io.brokerconnect.cli.verify.model.CompareScope;
import io.brokerconnect.cli.verify.read.PostgresSnapshot;
import io.brokerconnect.cli.verify.read.SourceValidity.FileDamage;
import io.brokerconnect.cli.verify.read.SourceValidity.MetaDamage;
import io.brokerconnect.cli.verify.read.SqliteSnapshot;
import io.brokerconnect.cli.verify.report.VerifyReport;
import io.brokerconnect.cli.verify.report.VerifyReport.CollectorsResult;
import io.brokerconnect.cli.verify.report.VerifyReport.DamagedRows;
import io.brokerconnect.cli.verify.report.VerifyReport.FilesResult;
import io.brokerconnect.cli.verify.report.VerifyReport.LatestResult;
import io.brokerconnect.cli.verify.report.VerifyReport.MetaResult;
import io.brokerconnect.cli.verify.report.VerifyReport.Scope;
import io.brokerconnect.cli.verify.report.VerifyReport.TableCount;
import io.brokerconnect.cli.verify.report.VerifyReport.TimeRange;
import io.brokerconnect.sink.config.LayoutName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Turns what both sides read and the comparisons found into a {@link VerifyReport}. */
final class ReportAssembler {

    private final VerifyOptions options;
    private final SqliteSnapshot sqlite;
    private final PostgresSnapshot postgres;
    private final CompareScope scope;

    ReportAssembler(VerifyOptions options, SqliteSnapshot sqlite, PostgresSnapshot postgres) {
        this.options = options;
        this.sqlite = sqlite;
        this.postgres = postgres;
        this.scope = sqlite.scope();
    }

    VerifyReport assemble(FilesComparison files, MetaComparison meta, MismatchSampler.Sampled sampled,
                          VerifyReport.Timings timings) {
        Map<CollectorKey, CollectorValues> expectedCollectors =
            CollectorComparison.asStored(sqlite.catalog().expectedCollectors(), options.layout());
        CollectorsResult collectors = CollectorComparison.compare(expectedCollectors, postgres.collectors(),
            scope.upToOffsets());
        LatestResult latest = LatestComparison.compare(sqlite.expectedLatest(), postgres.latest(), postgres.newestFiles(),
            postgres.newestFilesBeforeCutoff(),
            scope);
        List<DamagedRows> damaged = damaged();
        long damagedCollectors = damaged.stream().filter(d -> d.table().equals("collectors"))
            .mapToLong(DamagedRows::rows).sum();
        long damagedFiles = sqlite.filesDamaged().values().stream().mapToLong(Long::longValue).sum();
        long damagedMeta = sqlite.metaDamaged().values().stream().mapToLong(Long::longValue).sum();

        List<TableCount> tables = List.of(
            new TableCount("collectors", (long) sqlite.catalog().collectorRows(), damagedCollectors,
                expectedCollectors.size(), postgres.collectors().size(), collectors.mismatches().isEmpty()),
            new TableCount("files", sqlite.filesRows(), damagedFiles, files.sqlite().rows(), files.postgres().rows(),
                files.sqlite().rows() == files.postgres().rows()),
            new TableCount("latest", sqlite.latestTableRows(), 0, sqlite.expectedLatest().size(), postgres.latest().size(),
                latest.mismatches().isEmpty()),
            new TableCount("meta", sqlite.metaRows(), damagedMeta, meta.sqliteRows(), meta.postgresRows(),
                meta.sqliteRows() == meta.postgresRows()));
        List<TimeRange> ranges = List.of(
            range("files", files.sqlite().oldest(), files.sqlite().newest(), files.postgres().oldest(),
                files.postgres().newest()),
            range("meta", oldest(sqlite.metaDays()), newest(sqlite.metaDays()), oldest(postgres.metaDays()),
                newest(postgres.metaDays())));
        FilesResult filesResult = new FilesResult(files.compared(), files.equal(), files.differing(),
            FilesComparison.hex(files.sqlite().checksum()), FilesComparison.hex(files.postgres().checksum()),
            postgres.filesNotCompared(), sampled.files(), files.notListed());
        MetaResult metaResult = new MetaResult(meta.compared(), meta.equal(), meta.sqliteRows(), meta.postgresRows(),
            postgres.metaRows() - meta.postgresRows(), postgres.metaOlderNotCompared(), postgres.metaNewerNotCompared(),
            sampled.meta());
        return new VerifyReport(Instant.now().toString(), options.sqlite().toAbsolutePath().toString(),
            options.postgres().jdbcUrl(), options.layout().dataSchema().name(), scope(), tables, ranges,
            files.distribution(), filesResult, latest, collectors, metaResult, damaged, timings);
    }

    private Scope scope() {
        String mode = scope.upToOffsets() ? "up-to-offset" : scope.window().isAll() ? "all" : "window";
        List<String> notes = new ArrayList<>();
        if (scope.window().from() != null) {
            notes.add("--since " + iso(scope.window().from()) + " (inclusive)");
        }
        if (scope.window().until() != null) {
            notes.add("--until " + iso(scope.window().until()) + " (exclusive)");
        }
        SourceOffsets offsets = scope.offsets();
        if (offsets != null) {
            notes.add("source offsets (" + offsets.origin() + "): files rowid " + offsets.filesRowid() + " of "
                + scope.filesMaxRowid() + ", meta rowid " + offsets.metaRowid() + " of " + scope.metaMaxRowid());
            notes.add(scope.filesCutoff() == null ? "files: the source has emitted every usable row; all are compared"
                : "files: compared before " + iso(scope.filesCutoff()) + ", the oldest usable file the source has not "
                    + "emitted yet; newer PostgreSQL rows may be the broker's own writes and are not compared");
            notes.add(scope.metaCutoff() == null ? "meta: the source has emitted every usable row; all are compared"
                : "meta: compared before " + iso(scope.metaCutoff())
                    + ", the oldest meta row the source has not emitted yet");
        }
        if (scope.sqliteOldestMeta() != null && scope.meta().from() != null
            && !Objects.equals(scope.meta().from(), scope.window().from())) {
            notes.add("meta: compared from SQLite's oldest meta row (" + iso(scope.sqliteOldestMeta())
                + "); older PostgreSQL rows are what SQLite's meta retention already deleted");
        }
        notes.add("catalog: the " + options.layout());
        if (options.layout().name() != LayoutName.SPEC) {
            notes.add("sizes: 0 in SQLite is expected as 0 (the " + options.layout().name().configValue()
                + " layout keeps sizes of 0); a collector without url is expected with url ''");
        } else {
            notes.add(options.zeroSizesAsNull() ? "sizes: 0 in SQLite is expected as NULL (the sink's sizes.zero.as.null=true)"
                : "sizes: 0 in SQLite is expected as 0 (--keep-zero-sizes, the sink's sizes.zero.as.null=false)");
        }
        return new Scope(mode, scope.files().toString(), scope.meta().toString(), options.zeroSizesAsNull(),
            offsets == null ? null : offsets.filesRowid(), offsets == null ? null : offsets.metaRowid(),
            offsets == null ? null : offsets.origin(), scope.filesMaxRowid(), scope.metaMaxRowid(), notes);
    }

    private List<DamagedRows> damaged() {
        List<DamagedRows> damaged = new ArrayList<>();
        sqlite.catalog().damagedRows().forEach((table, reasons) ->
            reasons.forEach((reason, rows) -> damaged.add(new DamagedRows(table, reason, rows))));
        for (Map.Entry<FileDamage, Long> entry : sqlite.filesDamaged().entrySet()) {
            damaged.add(new DamagedRows("files", entry.getKey().reason, entry.getValue()));
        }
        for (Map.Entry<MetaDamage, Long> entry : sqlite.metaDamaged().entrySet()) {
            damaged.add(new DamagedRows("meta", entry.getKey().reason, entry.getValue()));
        }
        return damaged;
    }

    private static TimeRange range(String table, Long sqliteOldest, Long sqliteNewest, Long postgresOldest,
                                   Long postgresNewest) {
        return new TimeRange(table, iso(sqliteOldest), iso(sqliteNewest), iso(postgresOldest), iso(postgresNewest),
            Objects.equals(sqliteOldest, postgresOldest) && Objects.equals(sqliteNewest, postgresNewest));
    }

    private static Long oldest(List<Bucket<Long>> days) {
        return days.isEmpty() ? null : days.get(0).aggregate().minEpoch();
    }

    private static Long newest(List<Bucket<Long>> days) {
        return days.isEmpty() ? null : days.get(days.size() - 1).aggregate().maxEpoch();
    }

    static String iso(Long epoch) {
        return epoch == null ? null : Instant.ofEpochSecond(epoch).toString();
    }
}
