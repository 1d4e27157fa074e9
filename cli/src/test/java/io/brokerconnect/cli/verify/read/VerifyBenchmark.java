package io.brokerconnect.cli.verify.read;

import io.brokerconnect.cli.verify.Verifier;
import io.brokerconnect.cli.verify.VerifyOptions;
import io.brokerconnect.cli.verify.model.EpochRange;
import io.brokerconnect.cli.verify.report.VerifyReport;
import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.config.SchemaManagement;
import io.brokerconnect.sink.config.SslMode;
import io.brokerconnect.sink.schema.SchemaManager;
import io.brokerconnect.sink.write.BatchWriter;
import io.brokerconnect.sink.write.RoutedBatch;
import io.brokerconnect.sink.layout.TargetLayouts;
import io.brokerconnect.source.convert.Catalog;
import io.brokerconnect.source.convert.Conversion;
import io.brokerconnect.source.convert.FileRowConverter;
import io.brokerconnect.source.convert.MetaRowConverter;
import io.brokerconnect.source.sqlite.AppendOnlyTable;
import io.brokerconnect.source.sqlite.BrokerDatabase;
import io.brokerconnect.source.sqlite.CatalogReader;
import io.brokerconnect.source.sqlite.RawRow;
import io.brokerconnect.source.sqlite.RowBatchReader;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.config.types.Password;

/**
 * Times {@code verify} (not a test; run by {@code bench/verify.sh}).
 *
 * <ul>
 *   <li>{@code full SQLITE}: a throwaway PostgreSQL 17 is loaded with the SQLite content by the connectors' own code
 *       without Kafka in between (rows read and converted by the source connector's reader and converters, written by
 *       the sink's BatchWriter in batches of 50,000 files), VACUUM ANALYZE, then
 *       {@link Verifier#verify} runs twice (first and second read of the data).</li>
 *   <li>{@code sqlite SQLITE}: only the SQLite side of verify (catalog, scope, meta, the files GROUP BY streamed
 *       through the day sorter, latest lookups), for databases too large to load here.</li>
 * </ul>
 * Prints {@code RESULT} lines.
 */
public final class VerifyBenchmark {

    private static final int BATCH = 50_000;

    private VerifyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path sqlite = Path.of(args[1]);
        if (mode.equals("sqlite")) {
            sqliteSideOnly(sqlite);
            return;
        }
        try (PostgresServer server = PostgresServer.builder().ignoreEnvironment().start()) {
            PostgresDatabase db = server.createDatabase("bench_verify");
            ConnectionSettings settings = new ConnectionSettings(db.jdbcUrl(), db.user(), new Password(db.password()),
                SslMode.parse("disable"), new Identifier("public"));
            new SchemaManager(settings, new PostgresConnections(settings, "bench")).apply(SchemaManagement.MIGRATE);
            long start = System.nanoTime();
            long files = load(sqlite, db);
            System.out.printf("RESULT load (source converters -> sink BatchWriter, no Kafka): %,d files in %.1f s%n", files,
                seconds(start));
            start = System.nanoTime();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE");
            }
            System.out.printf("RESULT VACUUM ANALYZE: %.1f s%n", seconds(start));
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("SET work_mem = '256MB'"); // as the reader sets it for its transaction
                PostgresReader reader = new PostgresReader(settings, TargetLayouts.spec(settings.schema()));
                String sql = reader.filesAggregateSql(EpochRange.ALL, new ArrayList<>());
                // Why the spec layout's newest-file probe reads its tables rather than the relations: time both.
                var layout = TargetLayouts.spec(settings.schema());
                String throughRelations = reader.newestFilesSql(null).replace(layout.collectorsTable() + " c",
                    layout.collectorsRelation() + " c").replace(layout.filesTable() + " f", layout.filesRelation() + " f")
                    .replaceFirst("enum_range\\(NULL::[^)]*\\)", layout.dataTypesArray());
                for (String probe : List.of(reader.newestFilesSql(null), throughRelations)) {
                    long probeStart = System.nanoTime();
                    try (var rows = s.executeQuery(probe)) {
                        while (rows.next()) {
                            rows.getLong(3);
                        }
                    }
                    System.out.printf("RESULT newest files probe %s: %.2f s%n", probe == throughRelations
                        ? "through the spec relations" : "over the spec tables (verify's)", seconds(probeStart));
                }
                try (var plan = s.executeQuery("EXPLAIN " + sql)) {
                    System.out.println("PostgreSQL plan of the files aggregate:");
                    while (plan.next()) {
                        System.out.println("  " + plan.getString(1));
                    }
                }
            }
            VerifyOptions options = VerifyOptions.builder(sqlite, settings).build();
            for (int run = 1; run <= 2; run++) {
                Runtime.getRuntime().gc();
                start = System.nanoTime();
                VerifyReport report = Verifier.verify(options);
                double took = seconds(start);
                if (run == 2) {
                    System.out.print(report.renderText(20));
                }
                System.out.printf("RESULT verify run %d: %.1f s (files GROUP BY until the first bucket, concurrently: "
                    + "SQLite %.1f s, PostgreSQL %.1f s), parity %s, %,d buckets, %,d files, heap used after %d MiB%n", run,
                    took, report.timings().sqliteFilesAggregateSeconds(), report.timings().postgresFilesAggregateSeconds(),
                    report.parity(), report.files().bucketsCompared(),
                    report.tables().get(1).expected(), usedMiB());
            }
        }
    }

    private static void sqliteSideOnly(Path sqlite) throws Exception {
        VerifyOptions options = VerifyOptions.builder(sqlite, new ConnectionSettings("jdbc:postgresql://unused/none", "",
            new Password(""), SslMode.parse("disable"), new Identifier("public"))).build();
        long[] buckets = new long[2];
        long start = System.nanoTime();
        // No --since/--until: the window is everything.
        SqliteSnapshot snapshot = new SqliteReader(options.sqlite(), EpochRange.ALL, options.upToOffsets(),
            options.zeroSizesAsNull()).read(new CompletableFuture<>(), bucket -> {
            buckets[0]++;
            buckets[1] += bucket.aggregate().rows();
        });
        System.out.printf("RESULT SQLite side of verify: %,d rows in scope, %,d usable in %,d buckets, %,d damaged, "
            + "%.1f s in all (files GROUP BY until the first bucket %.1f s), heap used %d MiB%n", snapshot.filesRows(),
            buckets[1], buckets[0], snapshot.filesDamaged().values().stream().mapToLong(Long::longValue).sum(),
            seconds(start), snapshot.filesAggregateSeconds(), usedMiB());
    }

    /**
     * Loads the SQLite content with the source's reader and converters and the sink's own {@link BatchWriter} (files,
     * latest, collectors and meta exactly as a sink task writes a batch); returns the files converted.
     */
    private static long load(Path sqlite, PostgresDatabase db) throws Exception {
        BatchWriter writer = new BatchWriter(TargetLayouts.spec(new Identifier("public")));
        FileRowConverter fileConverter = new FileRowConverter(Optional.empty());
        MetaRowConverter metaConverter = new MetaRowConverter();
        long written = 0;
        try (BrokerDatabase database = BrokerDatabase.openReadOnly(sqlite, Duration.ofSeconds(30));
             Connection pg = db.connect()) {
            pg.setAutoCommit(false);
            CatalogReader catalogReader = new CatalogReader();
            Catalog catalog = database.inReadTransaction(c -> Catalog.from(catalogReader.readCollectors(c),
                catalogReader.readTypes(c)));
            RoutedBatch collectors = new RoutedBatch();
            catalog.collectors().values().forEach(conversion -> {
                if (conversion instanceof Conversion.Converted<CollectorRecord> c) {
                    collectors.collectors().add(c.value());
                }
            });
            writer.write(pg, collectors);
            RowBatchReader files = new RowBatchReader(AppendOnlyTable.FILES);
            long after = 0;
            while (true) {
                long from = after;
                List<RawRow> rows = database.inReadTransaction(c -> files.readAfter(c, from, BATCH));
                if (rows.isEmpty()) {
                    break;
                }
                RoutedBatch batch = new RoutedBatch();
                for (RawRow row : rows) {
                    if (fileConverter.convert(row, catalog) instanceof Conversion.Converted<FileRecord> f) {
                        batch.files().add(f.value());
                    }
                }
                writer.write(pg, batch);
                written += batch.files().size();
                after = rows.get(rows.size() - 1).rowid();
            }
            List<RawRow> metaRows = database.inReadTransaction(c -> new RowBatchReader(AppendOnlyTable.META)
                .readAfter(c, 0, Integer.MAX_VALUE));
            RoutedBatch meta = new RoutedBatch();
            for (RawRow row : metaRows) {
                if (metaConverter.convert(row) instanceof Conversion.Converted<MetaRecord> m) {
                    meta.meta().add(m.value());
                }
                // Sink-sized batches: the meta trigger (migration V3) takes one advisory lock per row and transaction.
                if (meta.meta().size() == 1_000) {
                    writer.write(pg, meta);
                    meta = new RoutedBatch();
                }
            }
            writer.write(pg, meta);
        }
        return written;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static long usedMiB() {
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) >> 20;
    }
}
