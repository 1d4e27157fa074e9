package io.brokerconnect.sink.apply;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.testkit.upstream.UpstreamBrokerSql;
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
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real broker's writes to the {@code broker} layout, statement for statement as bgpkit-broker writes them at
 * commit {@code f80b9a4} ("consolidate PostgreSQL catalog under broker schema"), file {@code src/db/postgres.rs}
 * ({@code PostgresDb::reload_collectors}, {@code get_latest_files}, {@code insert_collector}, {@code insert_items},
 * {@code update_latest_files}, {@code insert_meta}, {@code cleanup_old_meta_entries}, {@code analyze}), called in the
 * order of {@code update_database} in {@code src/cli/main.rs} at the same commit, followed by {@code analyze()} as
 * its caller does after each round. Every statement autocommits (sqlx runs each query on the pool by itself).
 *
 * <ul>
 *   <li>Collectors: the cache is loaded once at start ({@code PostgresDb::new}); per round, every configured
 *       collector without a row in the latest view is upserted with upstream's {@code INSERT ... SELECT ... FROM
 *       broker.project WHERE name = $4 ON CONFLICT (project_id, name) DO UPDATE} (interval 300 for ripe-ris, 900
 *       otherwise), and the cache is reloaded only if one was upserted.</li>
 *   <li>Files: per crawled collector, chunks of {@value #CHUNK} as one multi-row {@code INSERT ... ON CONFLICT
 *       (ts_start, collector_id, data_type) DO NOTHING RETURNING ...}; items of collectors not in the cache are
 *       skipped (counted in {@link #skippedUncached()}).</li>
 *   <li>Latest: the rows RETURNING gave back (only those), reduced to the newest per (collector_id, data_type) in a
 *       hash map, then chunks of {@value #CHUNK} as one multi-row only-if-newer upsert in hash-map order. Rust's
 *       {@code HashMap} iterates in an order randomised per process; here the values are shuffled with a seeded
 *       {@link Random}, so the order is unsorted and varies from run to run like upstream's.</li>
 *   <li>Meta: {@code INSERT ... VALUES (now(), $1, $2) RETURNING ...} read with sqlx's {@code fetch_one}, which fails
 *       with {@code RowNotFound} when the statement returns no row. The only deviation from upstream: the round's
 *       {@code update_ts} (and duration and count) are the values the sink receives for that round, bound instead of
 *       {@code now()}, so that the broker's row and the sink's copy of the same round really meet. Retention is
 *       upstream's {@code DELETE ... WHERE update_ts < now() - ($1::bigint * interval '1 day')}, with the real
 *       {@code now()}.</li>
 * </ul>
 *
 * <p>Upstream logs a failed call with {@code error!} and goes on with the round (a failed read of the latest files
 * skips the round). This class does the same, but every such error is collected in {@link #errors()} with the
 * SQLState, so a test can require that there were none.
 */
final class UpstreamBrokerWriter implements AutoCloseable {

    static final int CHUNK = UpstreamBrokerSql.CHUNK;

    /** sqlx's message for {@code Error::RowNotFound}, which {@code fetch_one} returns for an empty result. */
    static final String ROW_NOT_FOUND = "no rows returned by a query that expected to return at least one row";

    private final Connection connection;
    private final Random hashOrder;
    private final int pid;
    private Map<String, CachedCollector> collectors = Map.of(); // by name, as upstream's collector_map
    private final ConcurrentLinkedQueue<BrokerError> errors = new ConcurrentLinkedQueue<>();
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong filesInserted = new AtomicLong();
    private final AtomicLong skippedUncached = new AtomicLong();

    /** One logged error of the broker: which call, and the exception (an SQLException, or the RowNotFound). */
    record BrokerError(String call, Exception error) {
        @Override
        public String toString() {
            return call + ": " + Deadlocks.describe(error);
        }
    }

    /** A collector as upstream caches it ({@code BrokerCollector}): id, name and project. */
    record CachedCollector(long id, String name, Project project) {
    }

    /** {@code PostgresDb::new}: connects and loads the collector cache. */
    UpstreamBrokerWriter(Connection connection, long seed) throws SQLException {
        this.connection = connection;
        this.hashOrder = new Random(seed);
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            this.pid = rs.getInt(1);
        }
        reloadCollectors();
    }

    int pid() {
        return pid;
    }

    List<BrokerError> errors() {
        return List.copyOf(errors);
    }

    long statements() {
        return statements.get();
    }

    long filesInserted() {
        return filesInserted.get();
    }

    long skippedUncached() {
        return skippedUncached.get();
    }

    /**
     * One crawl round, {@code update_database} followed by {@code analyze()}.
     *
     * @param round      names the round in {@link #errors()}
     * @param configured the collectors of the broker's configuration
     * @param crawls     the items each collector's crawl found, in the order the crawls complete
     * @param meta       the round as the sink receives it (update_ts, duration, count); {@code null}: the round's
     *                   {@code update_ts} is {@code metaTs} and the count is the number of files inserted
     * @param beforeMeta run after the files and before the meta insert (the test's hook to order the two sides)
     * @return the meta row the broker inserted (or tried to)
     */
    MetaRecord updateDatabase(String round, List<CollectorRecord> configured, List<List<FileRecord>> crawls, MetaRecord meta,
                              Instant metaTs, long retentionDays, Runnable beforeMeta) {
        Set<String> latest;
        try {
            latest = latestCollectorNames();
        } catch (SQLException e) {
            errors.add(new BrokerError(round + ": failed to read latest files, skipping this update round", e));
            return null;
        }
        boolean collectorUpdated = false;
        for (CollectorRecord c : configured) {
            if (!latest.contains(c.name())) {
                try {
                    insertCollector(c);
                    collectorUpdated = true;
                } catch (SQLException e) {
                    errors.add(new BrokerError(round + ": failed to insert collector " + c.name(), e));
                }
            }
        }
        if (collectorUpdated) {
            try {
                reloadCollectors();
            } catch (SQLException e) {
                errors.add(new BrokerError(round + ": failed to reload collectors", e));
            }
        }
        int totalInserted = 0;
        for (List<FileRecord> items : crawls) {
            try {
                totalInserted += insertItems(items, true).size();
            } catch (SQLException e) {
                errors.add(new BrokerError(round + ": failed to insert items", e));
            }
        }
        beforeMeta.run();
        MetaRecord row = meta != null ? meta : new MetaRecord(metaTs, 3, totalInserted);
        try {
            insertMeta(row);
        } catch (SQLException e) {
            errors.add(new BrokerError(round + ": failed to insert meta", e));
        }
        try {
            cleanupOldMetaEntries(retentionDays);
        } catch (SQLException e) {
            errors.add(new BrokerError(round + ": failed to cleanup old meta entries", e));
        }
        try {
            analyze();
        } catch (SQLException e) {
            errors.add(new BrokerError(round + ": failed to analyze database", e));
        }
        return row;
    }

    /** {@code reload_collectors}. */
    void reloadCollectors() throws SQLException {
        Map<String, CachedCollector> cache = new HashMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
            UpstreamBrokerSql.RELOAD_COLLECTORS)) {
            while (rs.next()) {
                cache.put(rs.getString(2), new CachedCollector(rs.getLong(1), rs.getString(2),
                    Project.fromCanonicalName(rs.getString(4))));
            }
        }
        statements.incrementAndGet();
        collectors = cache;
    }

    /** {@code get_latest_files}, reduced to what update_database uses from it: the collector names. */
    Set<String> latestCollectorNames() throws SQLException {
        Set<String> names = new HashSet<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
            UpstreamBrokerSql.LATEST_FILES)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        statements.incrementAndGet();
        return names;
    }

    /** {@code insert_collector}. */
    void insertCollector(CollectorRecord collector) throws SQLException {
        String project = collector.project().canonicalName();
        int interval = project.equals("ripe-ris") ? 300 : 900;
        try (PreparedStatement s = connection.prepareStatement(
            UpstreamBrokerSql.INSERT_COLLECTOR)) {
            s.setString(1, collector.name());
            s.setString(2, collector.url());
            s.setInt(3, interval);
            s.setString(4, project);
            s.executeUpdate();
        }
        statements.incrementAndGet();
    }

    /** {@code insert_items}: returns the items the broker inserted (as RETURNING gave them back). */
    List<FileRecord> insertItems(List<FileRecord> items, boolean updateLatest) throws SQLException {
        if (items.isEmpty()) {
            return List.of();
        }
        Map<String, CachedCollector> collectorMap = collectors;
        List<FileRecord> inserted = new ArrayList<>();
        for (int from = 0; from < items.size(); from += CHUNK) {
            List<FileRecord> resolvable = new ArrayList<>();
            for (FileRecord item : items.subList(from, Math.min(items.size(), from + CHUNK))) {
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
                for (FileRecord item : resolvable) {
                    s.setObject(p++, OffsetDateTime.ofInstant(item.timestamp(), ZoneOffset.UTC));
                    s.setLong(p++, collectorMap.get(item.collector()).id());
                    s.setString(p++, item.dataType().canonicalName());
                    s.setLong(p++, item.roughSize());
                    s.setLong(p++, item.exactSize());
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long collectorId = rs.getLong(2);
                        CachedCollector collector = collectorMap.values().stream()
                            .filter(c -> c.id() == collectorId).findFirst().orElse(null);
                        if (collector != null) {
                            inserted.add(new FileRecord(collector.project(), collector.name(),
                                DataType.fromCanonicalName(rs.getString(3)),
                                rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getLong(4), rs.getLong(5)));
                        }
                    }
                }
            }
            statements.incrementAndGet();
        }
        filesInserted.addAndGet(inserted.size());
        if (updateLatest) {
            updateLatestFiles(inserted);
        }
        return inserted;
    }

    /** {@code update_latest_files(files, bootstrap = false)}. */
    void updateLatestFiles(List<FileRecord> files) throws SQLException {
        if (files.isEmpty()) {
            return;
        }
        Map<String, CachedCollector> collectorMap = collectors;
        Map<String, FileRecord> latestByKey = new HashMap<>(); // key: collector id | data_type
        for (FileRecord item : files) {
            CachedCollector collector = collectorMap.get(item.collector());
            if (collector == null) {
                continue;
            }
            String key = collector.id() + "|" + item.dataType().canonicalName();
            FileRecord existing = latestByKey.get(key);
            if (existing == null || existing.timestamp().isBefore(item.timestamp())) {
                latestByKey.put(key, item);
            }
        }
        List<FileRecord> latest = new ArrayList<>(latestByKey.values());
        Collections.shuffle(latest, hashOrder); // Rust's HashMap order: neither sorted nor stable between runs
        for (int from = 0; from < latest.size(); from += CHUNK) {
            List<FileRecord> batch = latest.subList(from, Math.min(latest.size(), from + CHUNK));
            try (PreparedStatement s = connection.prepareStatement(UpstreamBrokerSql.upsertLatestFiles(batch.size()))) {
                int p = 1;
                for (FileRecord item : batch) {
                    s.setLong(p++, collectorMap.get(item.collector()).id());
                    s.setString(p++, item.dataType().canonicalName());
                    s.setObject(p++, OffsetDateTime.ofInstant(item.timestamp(), ZoneOffset.UTC));
                    s.setLong(p++, item.roughSize());
                    s.setLong(p++, item.exactSize());
                }
                s.executeUpdate();
            }
            statements.incrementAndGet();
        }
    }

    /**
     * {@code insert_meta}, with the round's update_ts bound in place of {@code now()}; like sqlx's
     * {@code fetch_one}, fails when the statement returns no row.
     */
    void insertMeta(MetaRecord round) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
            UpstreamBrokerSql.INSERT_META)) {
            s.setObject(1, OffsetDateTime.ofInstant(round.updateTs(), ZoneOffset.UTC));
            s.setInt(2, Math.toIntExact(round.updateDurationSeconds()));
            s.setInt(3, Math.toIntExact(round.insertCount()));
            try (ResultSet rs = s.executeQuery()) {
                statements.incrementAndGet();
                if (!rs.next()) {
                    throw new SQLException("PostgreSQL error: " + ROW_NOT_FOUND + " (sqlx Error::RowNotFound from "
                        + "fetch_one: the INSERT ... RETURNING returned no row)");
                }
            }
        }
    }

    /** {@code cleanup_old_meta_entries}: returns the number of rows deleted. */
    int cleanupOldMetaEntries(long retentionDays) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
            UpstreamBrokerSql.cleanupOldMeta("now()"))) {
            s.setLong(1, retentionDays);
            int deleted = s.executeUpdate();
            statements.incrementAndGet();
            return deleted;
        }
    }

    /** {@code analyze}. */
    void analyze() throws SQLException {
        for (String statement : UpstreamBrokerSql.ANALYZE) {
            try (Statement s = connection.createStatement()) {
                s.execute(statement);
            }
            statements.incrementAndGet();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
