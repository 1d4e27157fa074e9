package io.brokerconnect.cli.e2e;

import io.brokerconnect.testkit.upstream.UpstreamBrokerSql;
import io.brokerconnect.tools.generator.DualWriteTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The upstream broker (bgpkit-broker {@code main} at {@code f80b9a4}, {@code src/db/postgres.rs}) writing the
 * {@code broker} layout during the cutover's dual write, as the live writer's {@link DualWriteTarget}: upstream's
 * statements ({@link UpstreamBrokerSql}, shared with the sink tests' {@code UpstreamBrokerWriter}) driven by the live
 * writer's rounds, cut to what a live round needs. Every statement autocommits, as sqlx runs each
 * query on the pool by itself.
 *
 * <p>A round of the live writer is one {@code update_database} of upstream's {@code src/cli/main.rs} followed by
 * {@code analyze()}: at the round's first call, {@code get_latest_files} (broker.file_latest_view) and
 * {@code insert_collector} ({@code INSERT ... SELECT ... FROM broker.project ... ON CONFLICT (project_id, name) DO
 * UPDATE}, interval 300 for ripe-ris, 900 otherwise) for every configured collector without a latest row, then
 * {@code reload_collectors} if one was upserted; per crawl batch {@code insert_items(items, true)}: chunks of
 * {@value #CHUNK} as one multi-row {@code INSERT ... ON CONFLICT (ts_start, collector_id, data_type) DO NOTHING
 * RETURNING} (items of collectors not in the cache are skipped and counted), then {@code update_latest_files} for the
 * rows RETURNING gave back, reduced to the newest per (collector_id, data_type) and sent in an unsorted order
 * (Rust's {@code HashMap} order, here a seeded shuffle) as chunks of one multi-row only-if-newer upsert; at the
 * round's end {@code insert_meta} ({@code INSERT ... RETURNING}, read like sqlx's {@code fetch_one}: no row is an
 * error), {@code cleanup_old_meta_entries} and {@code ANALYZE} of file, collector and latest_file. The collector
 * cache is loaded once when the broker starts ({@code PostgresDb::new}). A live round crawls far fewer than 1,000
 * files per collector, so each of the live writer's batches is one collector's whole crawl, as upstream passes it.
 *
 * <p>The broker's clock. The live writer runs on a simulated broker clock (rounds 300 s apart, starting where the
 * generated history ends), and upstream stamps its meta row with PostgreSQL's {@code now()}. Here {@code now()} is
 * that clock: the round's second (the one the live writer gives SQLite's meta row) plus the wall clock's
 * microseconds, so the broker's row has a fraction of a second like {@code now()} and SQLite's copy, which the sink
 * brings, the whole second; the retention delete compares with the same clock. These two {@code now()}s are the only
 * deviation from upstream's statement text. The round's duration and insert count are the live writer's (the
 * broker's own count of the round; SQLite's while it is written).
 *
 * <p>Upstream logs a failed call with {@code error!} and goes on with the round; so does this class, and every such
 * error is kept in {@link #errors()} with its SQLState, so that the test can require that there was none.
 */
final class UpstreamBrokerPostgresWriter implements DualWriteTarget, AutoCloseable {

    static final int CHUNK = UpstreamBrokerSql.CHUNK;
    /** Upstream's {@code BGPKIT_BROKER_META_RETENTION_DAYS} default. */
    static final long RETENTION_DAYS = 30;

    /** One error the broker would have logged: which call, and the exception. */
    record BrokerError(String call, Exception error) {
        @Override
        public String toString() {
            return call + ": " + (error instanceof SQLException e ? "SQLState " + e.getSQLState() + " " : "")
                + error.getMessage();
        }
    }

    /** A collector as upstream caches it ({@code BrokerCollector}). */
    private record CachedCollector(long id, String name) {
    }

    /** One meta row the broker inserted: the round's second, the stamp it wrote ({@code now()}), duration, count. */
    record MetaRound(long roundSecond, Instant stamped, long durationSeconds, long insertCount) {
    }

    private final Connection connection;
    private final List<BrokerPostgresWriter.ConfiguredCollector> configured;
    private final Random hashOrder;
    private Map<String, CachedCollector> collectors = Map.of(); // by name, as upstream's collector_map
    private boolean roundOpen;
    private final ConcurrentLinkedQueue<BrokerError> errors = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<MetaRound> metaRounds = new ConcurrentLinkedQueue<>();
    final AtomicLong filesInserted = new AtomicLong();
    final AtomicLong skippedUncached = new AtomicLong();
    final AtomicLong collectorsUpserted = new AtomicLong();
    final AtomicLong metaDeletedByRetention = new AtomicLong();

    /** {@code PostgresDb::new}: autocommit, and the collector cache loaded once. */
    UpstreamBrokerPostgresWriter(Connection connection, List<BrokerPostgresWriter.ConfiguredCollector> configured,
                                 long seed) throws SQLException {
        this.connection = connection;
        this.configured = List.copyOf(configured);
        this.hashOrder = new Random(seed);
        connection.setAutoCommit(true);
        reloadCollectors();
    }

    List<BrokerError> errors() {
        return List.copyOf(errors);
    }

    List<MetaRound> metaRounds() {
        return List.copyOf(metaRounds);
    }

    @Override
    public long writeFiles(List<CrawledFile> batch) {
        startRound();
        try {
            return insertItems(batch);
        } catch (SQLException e) {
            errors.add(new BrokerError("failed to insert items", e));
            return 0;
        }
    }

    @Override
    public void writeMeta(long updateTs, long durationSeconds, long insertCount) {
        startRound();
        roundOpen = false;
        Instant now = brokerNow(updateTs);
        try {
            insertMeta(now, durationSeconds, insertCount);
            metaRounds.add(new MetaRound(updateTs, now, durationSeconds, insertCount));
        } catch (SQLException e) {
            errors.add(new BrokerError("failed to insert meta", e));
        }
        try {
            metaDeletedByRetention.addAndGet(cleanupOldMetaEntries(now));
        } catch (SQLException e) {
            errors.add(new BrokerError("failed to cleanup old meta entries", e));
        }
        try {
            analyze();
        } catch (SQLException e) {
            errors.add(new BrokerError("failed to analyze database", e));
        }
    }

    /** {@code now()} on the broker's clock: the round's second plus the wall clock's microseconds (never 0). */
    private static Instant brokerNow(long roundSecond) {
        long micros = Instant.now().getNano() / 1_000;
        return Instant.ofEpochSecond(roundSecond, Math.max(1, micros) * 1_000);
    }

    /** The start of {@code update_database}: collectors without a latest row are (re)inserted. */
    private void startRound() {
        if (roundOpen) {
            return;
        }
        roundOpen = true;
        Set<String> latest;
        try {
            latest = latestCollectorNames();
        } catch (SQLException e) {
            errors.add(new BrokerError("failed to read latest files", e));
            return;
        }
        boolean collectorUpdated = false;
        for (BrokerPostgresWriter.ConfiguredCollector c : configured) {
            if (!latest.contains(c.name())) {
                try {
                    insertCollector(c);
                    collectorUpdated = true;
                    collectorsUpserted.incrementAndGet();
                } catch (SQLException e) {
                    errors.add(new BrokerError("failed to insert collector " + c.name(), e));
                }
            }
        }
        if (collectorUpdated) {
            try {
                reloadCollectors();
            } catch (SQLException e) {
                errors.add(new BrokerError("failed to reload collectors", e));
            }
        }
    }

    /** {@code reload_collectors}. */
    private void reloadCollectors() throws SQLException {
        Map<String, CachedCollector> cache = new HashMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
            UpstreamBrokerSql.RELOAD_COLLECTORS)) {
            while (rs.next()) {
                cache.put(rs.getString(2), new CachedCollector(rs.getLong(1), rs.getString(2)));
            }
        }
        collectors = cache;
    }

    /** {@code get_latest_files}, reduced to what update_database uses from it: the collector names. */
    private Set<String> latestCollectorNames() throws SQLException {
        Set<String> names = new HashSet<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
            UpstreamBrokerSql.LATEST_FILES)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** {@code insert_collector}. */
    private void insertCollector(BrokerPostgresWriter.ConfiguredCollector collector) throws SQLException {
        int interval = collector.project().equals("ripe-ris") ? 300 : 900;
        try (PreparedStatement s = connection.prepareStatement(
            UpstreamBrokerSql.INSERT_COLLECTOR)) {
            s.setString(1, collector.name());
            s.setString(2, collector.url());
            s.setInt(3, interval);
            s.setString(4, collector.project());
            s.executeUpdate();
        }
    }

    /** {@code insert_items(items, true)}: returns how many rows RETURNING gave back. */
    private long insertItems(List<CrawledFile> items) throws SQLException {
        if (items.isEmpty()) {
            return 0;
        }
        Map<String, CachedCollector> collectorMap = collectors;
        List<CrawledFile> inserted = new ArrayList<>();
        for (int from = 0; from < items.size(); from += CHUNK) {
            List<CrawledFile> resolvable = new ArrayList<>();
            for (CrawledFile item : items.subList(from, Math.min(items.size(), from + CHUNK))) {
                if (collectorMap.containsKey(item.collector())) {
                    resolvable.add(item);
                } else {
                    skippedUncached.incrementAndGet();
                }
            }
            if (resolvable.isEmpty()) {
                continue;
            }
            try (PreparedStatement s = connection.prepareStatement(UpstreamBrokerSql.insertFiles(resolvable.size()))) {
                int p = 1;
                for (CrawledFile item : resolvable) {
                    s.setObject(p++, OffsetDateTime.ofInstant(Instant.ofEpochSecond(item.timestamp()), ZoneOffset.UTC));
                    s.setLong(p++, collectorMap.get(item.collector()).id());
                    s.setString(p++, item.type());
                    s.setLong(p++, item.roughSize());
                    s.setLong(p++, item.exactSize());
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long collectorId = rs.getLong(2);
                        Optional<CachedCollector> collector = collectorMap.values().stream()
                            .filter(c -> c.id() == collectorId).findFirst();
                        if (collector.isPresent()) {
                            inserted.add(new CrawledFile(null, collector.get().name(), rs.getString(3),
                                rs.getObject(1, OffsetDateTime.class).toEpochSecond(), rs.getLong(4), rs.getLong(5)));
                        }
                    }
                }
            }
        }
        filesInserted.addAndGet(inserted.size());
        updateLatestFiles(inserted, collectorMap);
        return inserted.size();
    }

    /** {@code update_latest_files(files, bootstrap = false)}. */
    private void updateLatestFiles(List<CrawledFile> files, Map<String, CachedCollector> collectorMap)
            throws SQLException {
        Map<String, CrawledFile> latestByKey = new HashMap<>(); // key: collector id | data_type
        for (CrawledFile item : files) {
            CachedCollector collector = collectorMap.get(item.collector());
            if (collector == null) {
                continue;
            }
            String key = collector.id() + "|" + item.type();
            CrawledFile existing = latestByKey.get(key);
            if (existing == null || existing.timestamp() < item.timestamp()) {
                latestByKey.put(key, item);
            }
        }
        List<CrawledFile> latest = new ArrayList<>(latestByKey.values());
        Collections.shuffle(latest, hashOrder); // Rust's HashMap order: neither sorted nor stable between runs
        for (int from = 0; from < latest.size(); from += CHUNK) {
            List<CrawledFile> batch = latest.subList(from, Math.min(latest.size(), from + CHUNK));
            try (PreparedStatement s = connection.prepareStatement(UpstreamBrokerSql.upsertLatestFiles(batch.size()))) {
                int p = 1;
                for (CrawledFile item : batch) {
                    s.setLong(p++, collectorMap.get(item.collector()).id());
                    s.setString(p++, item.type());
                    s.setObject(p++, OffsetDateTime.ofInstant(Instant.ofEpochSecond(item.timestamp()), ZoneOffset.UTC));
                    s.setLong(p++, item.roughSize());
                    s.setLong(p++, item.exactSize());
                }
                s.executeUpdate();
            }
        }
    }

    /** {@code insert_meta}, {@code now()} bound as the broker's clock; like {@code fetch_one}, no row is an error. */
    private void insertMeta(Instant now, long durationSeconds, long insertCount) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
            UpstreamBrokerSql.INSERT_META)) {
            s.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            s.setInt(2, Math.toIntExact(durationSeconds));
            s.setInt(3, Math.toIntExact(insertCount));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("PostgreSQL error: no rows returned by a query that expected to return at "
                        + "least one row (sqlx Error::RowNotFound from fetch_one)");
                }
            }
        }
    }

    /** {@code cleanup_old_meta_entries(RETENTION_DAYS)}, {@code now()} bound as the broker's clock. */
    private int cleanupOldMetaEntries(Instant now) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
            UpstreamBrokerSql.cleanupOldMeta("?"))) {
            s.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            s.setLong(2, RETENTION_DAYS);
            return s.executeUpdate();
        }
    }

    /** {@code analyze}. */
    private void analyze() throws SQLException {
        for (String statement : UpstreamBrokerSql.ANALYZE) {
            try (Statement s = connection.createStatement()) {
                s.execute(statement);
            }
        }
    }

    // The broker's reads (its API, once reads move to PostgreSQL), upstream's queries on a connection of their own.

    /** {@code search} without filters: the total count. */
    static long searchCount(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT count(*) FROM broker.file_search_view")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code search} without filters: the rows of the first page of {@code pageSize}, in upstream's order. */
    static int searchFirstPage(Connection c, int pageSize) throws SQLException {
        int rows = 0;
        try (PreparedStatement s = c.prepareStatement(
            "SELECT collector_name, timestamp, type, rough_size, exact_size FROM broker.file_search_view "
                + "ORDER BY timestamp ASC, type ASC, collector_name ASC LIMIT ? OFFSET ?")) {
            s.setLong(1, pageSize);
            s.setLong(2, 0);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
        }
        return rows;
    }

    /** {@code get_latest_files}: the number of rows. */
    static int latestFiles(Connection c) throws SQLException {
        int rows = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT collector_name, timestamp, type, rough_size, exact_size FROM broker.file_latest_view")) {
            while (rs.next()) {
                rows++;
            }
        }
        return rows;
    }

    /** {@code get_latest_updates_meta}: update_ts (epoch seconds), duration and count of the newest row. */
    static Optional<long[]> latestUpdatesMeta(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT extract(epoch FROM update_ts)::bigint AS update_ts, update_duration_seconds AS update_duration, "
                + "insert_count FROM broker.update_meta ORDER BY update_ts DESC LIMIT 1")) {
            return rs.next() ? Optional.of(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}) : Optional.empty();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
