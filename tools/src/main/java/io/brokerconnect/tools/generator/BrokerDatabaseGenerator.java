package io.brokerconnect.tools.generator;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Generates a broker-shaped SQLite database (see {@link GeneratorOptions}); the entry point for
 * tests and for the {@code generate} CLI command.
 *
 * <p>Memory stays bounded whatever the row count: rows are computed on the fly from the seed and
 * streamed into SQLite; only per-series state (~170 entries) is kept.
 */
public final class BrokerDatabaseGenerator {

    /** Collectors whose project is spelled with the broker's input alias when damage is requested. */
    public static final Set<String> ALIAS_COLLECTORS = Set.of("rrc24", "route-views.amsix");
    /** URL of the NULL-name collector: rrc17 really existed and was retired, as in old databases. */
    public static final String NULL_NAME_COLLECTOR_URL = "https://data.ris.ripe.net/rrc17";

    private static final long PROGRESS_INTERVAL = 5_000_000;

    private BrokerDatabaseGenerator() {
    }

    public static GenerationReport generate(GeneratorOptions options) throws IOException, SQLException {
        long started = System.nanoTime();
        boolean damage = options.damagedRows() > 0;
        List<Collector> collectors = collectors(damage);
        long nullNameCollectorId = damage ? collectors.get(collectors.size() - 1).id() : 0;
        TypeIds typeIds = options.typeIds();
        List<FileSeries> series = series(collectors, typeIds);
        Timeline timeline = new Timeline(series, options.end().getEpochSecond(), options.fileRows());
        CrawlSimulator simulator = new CrawlSimulator(timeline, options.seed());
        FileSizeModel sizes = new FileSizeModel(options.seed());
        LatestTracker latest = new LatestTracker(series);

        GoodFileEmitter emitter;
        DamagingSink sink;
        try (BulkLoader loader = BulkLoader.create(options.output())) {
            loader.writeCollectors(collectors);
            loader.writeTypes(typeIds);
            DamagedFileRows damagedRows = new DamagedFileRows(timeline, sizes, options.damagedRows(),
                    nullNameCollectorId, collectors.size(), typeIds);
            sink = new DamagingSink(loader, damagedRows, options.fileRows(), options.damagedRows(),
                    simulator.metaRows(), damage);
            if (damage) {
                sink.count(DamageKind.COLLECTORS_NULL_NAME);
            }
            long loadStart = System.nanoTime();
            emitter = new GoodFileEmitter(sizes, latest, sink, PROGRESS_INTERVAL, rows -> options.progress().accept(
                    String.format(Locale.ROOT, "  %,d rows, %,.0f rows/s", rows, rows / seconds(loadStart))));
            simulator.run(emitter, sink);
            sink.finish();
            loader.writeLatest(latest);
            loader.flushAndCommit();
            double loadSeconds = seconds(started);
            options.progress().accept(String.format(Locale.ROOT,
                    "  loaded %,d files rows in %.1f s; building indexes, switching to WAL", loader.filesRows(), loadSeconds));
            long indexStart = System.nanoTime();
            loader.finish();
            double indexSeconds = seconds(indexStart);
            if (emitter.emitted() != options.fileRows()) {
                throw new IllegalStateException("generated " + emitter.emitted() + " rows, expected " + options.fileRows());
            }
            return new GenerationReport(options.output(), loader.filesRows(), emitter.emitted(), collectors.size(), 2,
                    latest.size(), loader.metaRows(), Map.copyOf(sink.counts()), aliasNames(collectors),
                    nullNameCollectorId, typeIds, emitter.oldest(), emitter.newest(), loadSeconds, indexSeconds);
        }
    }

    /** The real collectors, plus (when damaging) alias spellings and one NULL-name collector. */
    static List<Collector> collectors(boolean damage) {
        List<Collector> collectors = new ArrayList<>();
        for (Collector c : CollectorCatalog.defaults()) {
            collectors.add(damage && ALIAS_COLLECTORS.contains(c.name()) ? c.withAliasSpelling() : c);
        }
        if (damage) {
            collectors.add(new Collector(collectors.size() + 1, null, NULL_NAME_COLLECTOR_URL,
                    BrokerProject.RIPE_RIS, BrokerProject.RIPE_RIS.canonicalName()));
        }
        return collectors;
    }

    /** One series per named collector and type, sorted by (collector id, type id). */
    static List<FileSeries> series(List<Collector> collectors, TypeIds typeIds) {
        List<FileType> typesById = new ArrayList<>(List.of(FileType.values()));
        typesById.sort(Comparator.comparingInt(typeIds::idOf));
        List<FileSeries> series = new ArrayList<>();
        for (Collector c : collectors) {
            if (c.name() == null) {
                continue; // damaged collector: only damaged rows point to it
            }
            for (FileType type : typesById) {
                series.add(new FileSeries(series.size(), c, type, typeIds.idOf(type), c.project().interval(type)));
            }
        }
        return series;
    }

    private static List<String> aliasNames(List<Collector> collectors) {
        return collectors.stream()
                .filter(c -> c.name() != null && !c.projectSpelling().equals(c.project().canonicalName()))
                .map(Collector::name)
                .toList();
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
