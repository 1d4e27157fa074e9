package io.brokerconnect.cli.verify.read;

import io.brokerconnect.cli.verify.model.Bucket;
import io.brokerconnect.cli.verify.model.BucketAggregate;
import io.brokerconnect.cli.verify.model.CollectorKey;
import io.brokerconnect.cli.verify.model.CollectorValues;
import io.brokerconnect.cli.verify.model.CompareScope;
import io.brokerconnect.cli.verify.model.EpochRange;
import io.brokerconnect.cli.verify.model.FileBucketKey;
import io.brokerconnect.cli.verify.model.LatestKey;
import io.brokerconnect.cli.verify.model.LatestRow;
import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.layout.TargetLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Reads the PostgreSQL side in one read-only REPEATABLE READ transaction (one snapshot for every query), through
 * the {@link TargetLayout}'s read relations, so the same queries read the spec's catalog and upstream's. The
 * files aggregate groups by PostgreSQL's own collector ids; names come from its collectors.
 * {@code work_mem} is raised for this transaction only, so the ~700,000 buckets of a 55-million-row table are
 * hash-aggregated in memory instead of sorting every row.
 */
public final class PostgresReader {

    static final String APPLICATION_NAME = "broker-connect verify";
    /** Epoch seconds of a timestamptz; double precision is exact for whole seconds and cheaper than numeric. */
    private static final String EPOCH = "floor(date_part('epoch', %s))::bigint";

    private final ConnectionSettings settings;
    private final TargetLayout layout;

    public PostgresReader(ConnectionSettings settings, TargetLayout layout) {
        this.settings = settings;
        this.layout = layout;
    }

    public Connection open() throws SQLException {
        return new PostgresConnections(settings, APPLICATION_NAME).getConnection();
    }

    public PostgresSnapshot read(Future<CompareScope> scopeFuture, BucketSink<FileBucketKey> files)
        throws SQLException, InterruptedException, ExecutionException {
        long start = System.nanoTime();
        try (Connection connection = open()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL work_mem = '256MB'");
            }
            PostgresSchemaCheck.requireTables(connection, layout);
            Map<Long, CollectorKey> collectorIds = new HashMap<>();
            Map<CollectorKey, CollectorValues> collectors = collectors(connection, collectorIds);
            Map<LatestKey, LatestRow> latest = latest(connection);

            CompareScope scope = scopeFuture.get();
            Map<LatestKey, LatestRow> newestFiles = newestFiles(connection, null);
            Map<LatestKey, LatestRow> newestBeforeCutoff = scope.files().until() == null ? newestFiles
                : newestFiles(connection, scope.files().until());
            double aggregateSeconds = aggregateFiles(connection, scope.files(), collectorIds, files);
            long filesNotCompared = scope.filesCutoff() == null ? 0
                : count(connection, layout.filesRelation(), "ts", scope.window().fromAtLeast(scope.filesCutoff()));
            long metaRows = count(connection, layout.metaRelation(), "update_ts", scope.meta());
            List<Bucket<Long>> metaDays = metaDays(connection, scope.meta());
            Long metaFrom = scope.meta().from();
            Long windowFrom = scope.window().from();
            long metaOlder = metaFrom == null || (windowFrom != null && metaFrom <= windowFrom) ? 0
                : count(connection, layout.metaRelation(), "update_ts", new EpochRange(windowFrom, metaFrom));
            long metaNewer = scope.metaCutoff() == null ? 0
                : count(connection, layout.metaRelation(), "update_ts", scope.window().fromAtLeast(scope.metaCutoff()));
            connection.rollback();
            return new PostgresSnapshot(collectors, latest, newestFiles, newestBeforeCutoff, filesNotCompared, metaRows, metaDays, metaOlder,
                metaNewer, aggregateSeconds, (System.nanoTime() - start) / 1e9);
        }
    }

    private Map<CollectorKey, CollectorValues> collectors(Connection connection, Map<Long, CollectorKey> ids)
        throws SQLException {
        Map<CollectorKey, CollectorValues> collectors = new TreeMap<>();
        String sql = "SELECT id, project, name, url, updates_interval FROM " + layout.collectorsRelation() + " c";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                CollectorKey key = new CollectorKey(rs.getString(2), rs.getString(3));
                ids.put(rs.getLong(1), key);
                collectors.put(key, new CollectorValues(rs.getString(4), rs.getInt(5)));
            }
        }
        return collectors;
    }

    /**
     * latest by collector name and type. The spec keys it so; upstream keys it by collector id, so a name used in
     * both projects has two rows, of which the newer counts (as the spec's one row would hold it).
     */
    private Map<LatestKey, LatestRow> latest(Connection connection) throws SQLException {
        String sql = "SELECT collector_name, type, " + EPOCH.formatted("ts") + ", rough_size, exact_size FROM "
            + layout.latestRelation() + " l";
        Map<LatestKey, LatestRow> latest = new TreeMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                latest.merge(new LatestKey(rs.getString(1), rs.getString(2)), row(rs, 3),
                    (a, b) -> b.epoch() > a.epoch() ? b : a);
            }
        }
        return latest;
    }

    /**
     * The newest file per collector and type, by one index probe each (the files table's (collector, type, ts)
     * index, or the primary key read backwards while a first load has that index dropped). latest is compared by
     * collector name only, so collectors of the same name in two projects count together. With an upper bound (the
     * scope's files cutoff), only files below it count: newer ones may be the broker's own writes in flight, whose
     * latest update is a separate statement that a snapshot can see half done.
     */
    private Map<LatestKey, LatestRow> newestFiles(Connection connection, Long until) throws SQLException {
        Map<LatestKey, LatestRow> newest = new TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(newestFilesSql(until))) {
            while (rs.next()) {
                newest.merge(new LatestKey(rs.getString(1), rs.getString(2)), row(rs, 3),
                    (a, b) -> b.epoch() > a.epoch() ? b : a);
            }
        }
        return newest;
    }

    /**
     * The probe must compare the files table's own columns, or the index is out of reach. Upstream's relations only
     * rename columns (ts_start AS ts), which the planner sees through. The spec's relations cast (collector_id::bigint,
     * data_type::text), which turns every probe into a backward scan of the whole table for a collector without
     * files of a type: so for the spec layout the probe reads the spec's tables, whose columns carry the relations'
     * names, with the values of its data_type enum, as verify always has.
     */
    String newestFilesSql(Long until) {
        boolean spec = layout.name() == LayoutName.SPEC;
        String collectors = spec ? layout.collectorsTable() : layout.collectorsRelation();
        String files = spec ? layout.filesTable() : layout.filesRelation();
        String types = spec ? "enum_range(NULL::" + layout.dataSchema().qualify("data_type") + ")"
            : layout.dataTypesArray();
        return "SELECT c.name, t.type::text, n.e, n.rough_size, n.exact_size FROM " + collectors + " c "
            + "CROSS JOIN unnest(" + types + ") AS t(type) "
            + "CROSS JOIN LATERAL (SELECT " + EPOCH.formatted("f.ts") + " AS e, f.rough_size, f.exact_size FROM "
            + files + " f WHERE f.collector_id = c.id AND f.data_type = t.type "
            + (until == null ? "" : "AND f.ts < to_timestamp(" + until + ") ")
            + "ORDER BY f.ts DESC LIMIT 1) n";
    }

    /** Streams the files buckets into {@code out}; returns how long PostgreSQL took until the first bucket. */
    private double aggregateFiles(Connection connection, EpochRange range, Map<Long, CollectorKey> collectorIds,
                                  BucketSink<FileBucketKey> out) throws SQLException, InterruptedException {
        List<Object> params = new ArrayList<>();
        String sql = filesAggregateSql(range, params);
        DayBucketSorter sorter = new DayBucketSorter(out);
        long start = System.nanoTime();
        double aggregateSeconds = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(4096);
            SqlRange.bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (aggregateSeconds == 0) {
                        aggregateSeconds = (System.nanoTime() - start) / 1e9;
                    }
                    long collectorId = rs.getLong(2);
                    // The foreign key makes an unknown id impossible unless it was dropped; show the id rather than fail.
                    CollectorKey collector = collectorIds.getOrDefault(collectorId,
                        new CollectorKey("?", "collector id " + collectorId + " (not in collectors)"));
                    sorter.add(new FileBucketKey(rs.getLong(1), collector.project(), collector.name(), rs.getString(3)),
                        new BucketAggregate(rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)));
                }
            }
        }
        sorter.finish();
        return aggregateSeconds;
    }

    /** Per day x collector id x type: rows, checksum sum, oldest and newest epoch; in day order. */
    String filesAggregateSql(EpochRange range, List<Object> params) {
        String checksum = ContentChecksum.rowSql("f.e", ContentChecksum.encodeSql("f.rough_size"),
            ContentChecksum.encodeSql("f.exact_size"));
        return "SELECT f.e / 86400, f.collector_id, f.data_type, count(*), sum(" + checksum + ")::bigint, "
            + "min(f.e), max(f.e) FROM (SELECT " + EPOCH.formatted("ts") + " AS e, collector_id, data_type, rough_size, "
            + "exact_size FROM " + layout.filesRelation() + " r WHERE " + SqlRange.postgres("ts", range, params)
            + ") f GROUP BY 1, 2, 3 ORDER BY 1";
    }

    private List<Bucket<Long>> metaDays(Connection connection, EpochRange range) throws SQLException {
        List<Object> params = new ArrayList<>();
        String checksum = ContentChecksum.rowSql("m.e", ContentChecksum.encodeNotNullSql("m.update_duration"),
            ContentChecksum.encodeNotNullSql("m.insert_count"));
        String sql = "SELECT m.e / 86400, count(*), sum(" + checksum + ")::bigint, min(m.e), max(m.e) FROM "
            + "(SELECT DISTINCT " + EPOCH.formatted("update_ts") + " AS e, update_duration, insert_count FROM "
            + layout.metaRelation() + " r WHERE " + SqlRange.postgres("update_ts", range, params) + ") m "
            + "GROUP BY 1 ORDER BY 1";
        return MetaDays.read(connection, sql, params);
    }

    private long count(Connection connection, String relation, String column, EpochRange range) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT count(*) FROM " + relation + " r WHERE " + SqlRange.postgres(column, range, params);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            SqlRange.bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static LatestRow row(ResultSet rs, int firstColumn) throws SQLException {
        long epoch = rs.getLong(firstColumn);
        long rough = rs.getLong(firstColumn + 1);
        Long roughSize = rs.wasNull() ? null : rough;
        long exact = rs.getLong(firstColumn + 2);
        Long exactSize = rs.wasNull() ? null : exact;
        return new LatestRow(epoch, roughSize, exactSize);
    }
}
