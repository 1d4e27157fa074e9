package io.brokerconnect.cli.verify.read;

import io.brokerconnect.cli.verify.model.BucketAggregate;
import io.brokerconnect.cli.verify.model.CompareScope;
import io.brokerconnect.cli.verify.model.FileBucketKey;
import io.brokerconnect.cli.verify.model.LatestKey;
import io.brokerconnect.cli.verify.model.LatestRow;
import io.brokerconnect.cli.verify.read.SourceValidity.FileDamage;
import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.DataType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SQLite's side of the files comparison: one GROUP BY over {@code files} (day, collector id, type id, damage
 * code) that yields per bucket the row count, the checksum sum and the time range, streamed in day order.
 * Usable rows become buckets keyed by names; damaged rows are only counted, per reason. The newest usable file
 * per collector and type is tracked on the way, for the {@code latest} check.
 */
final class SqliteFilesAggregate {

    private final SqliteCatalogView catalog;
    private final boolean zeroAsNull;
    private final Map<FileDamage, Long> damaged = new EnumMap<>(FileDamage.class);
    /** (collector id, type id) -> newest usable timestamp in the compared range. */
    private final Map<List<Long>, Long> newest = new HashMap<>();
    private long rows;
    private double aggregateSeconds;

    SqliteFilesAggregate(SqliteCatalogView catalog, boolean zeroAsNull) {
        this.catalog = catalog;
        this.zeroAsNull = zeroAsNull;
    }

    /** Streams the buckets of the compared rows into {@code out}, in key order. */
    void run(Connection connection, CompareScope scope, BucketSink<FileBucketKey> out)
        throws SQLException, InterruptedException {
        List<Object> params = new ArrayList<>();
        String checksum = ContentChecksum.rowSql("timestamp",
            ContentChecksum.encodeSqliteSizeSql("rough_size", zeroAsNull),
            ContentChecksum.encodeSqliteSizeSql("exact_size", zeroAsNull));
        String sql = "SELECT timestamp / 86400, collector_id, type_id, " + SourceValidity.FILES_DAMAGE_SQL
            + ", count(*), sum(" + checksum + "), min(timestamp), max(timestamp) FROM files"
            + scopePredicate(scope, params) + " GROUP BY 1, 2, 3, 4 ORDER BY 1";
        DayBucketSorter sorter = new DayBucketSorter(out);
        long start = System.nanoTime();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            SqlRange.bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                boolean first = true;
                while (rs.next()) {
                    if (first) {
                        // GROUP BY ... ORDER BY has read every row before it returns the first bucket.
                        aggregateSeconds = (System.nanoTime() - start) / 1e9;
                        first = false;
                    }
                    accept(rs, sorter);
                }
            }
        }
        sorter.finish();
    }

    /**
     * Damaged rows whose timestamp is unusable cannot be placed in time, so they are counted whatever the window
     * (in up-to-offset mode: those the source has read); every other row only inside the compared range.
     */
    static String scopePredicate(CompareScope scope, List<Object> params) {
        if (scope.files().isAll() && !scope.upToOffsets()) {
            return "";
        }
        String unplaceable = "NOT " + SourceValidity.FILES_TIMESTAMP_USABLE;
        if (scope.upToOffsets()) {
            unplaceable += " AND rowid <= ?";
            params.add(scope.offsets().filesRowid());
        }
        return " WHERE (" + unplaceable + ") OR (" + SourceValidity.FILES_TIMESTAMP_USABLE + " AND "
            + SqlRange.sqlite("timestamp", scope.files(), params) + ")";
    }

    private void accept(ResultSet rs, DayBucketSorter sorter) throws SQLException, InterruptedException {
        int damageCode = rs.getInt(4);
        long count = rs.getLong(5);
        rows += count;
        if (damageCode != FileDamage.NONE.code) {
            damaged.merge(FileDamage.ofCode(damageCode), count, Long::sum);
            return;
        }
        long collectorId = rs.getLong(2);
        long typeId = rs.getLong(3);
        FileDamage problem = catalog.problemWith(collectorId, typeId);
        if (problem != FileDamage.NONE) {
            damaged.merge(problem, count, Long::sum);
            return;
        }
        CollectorRecord collector = catalog.collector(collectorId);
        DataType type = catalog.type(typeId);
        long maxEpoch = rs.getLong(8);
        newest.merge(List.of(collectorId, typeId), maxEpoch, Math::max);
        sorter.add(new FileBucketKey(rs.getLong(1), collector.project().canonicalName(), collector.name(),
                type.canonicalName()),
            new BucketAggregate(count, rs.getLong(6), rs.getLong(7), maxEpoch));
    }

    /**
     * The newest usable file per collector name and type among the compared rows, with its sizes as PostgreSQL
     * should hold them: what PostgreSQL's {@code latest} must say. One index lookup per collector and type.
     */
    Map<LatestKey, LatestRow> expectedLatest(Connection connection) throws SQLException {
        Map<LatestKey, LatestRow> expected = new TreeMap<>();
        String sql = "SELECT rough_size, exact_size FROM files WHERE timestamp = ? AND collector_id = ? AND type_id = ? AND "
            + SourceValidity.FILES_ROW_USABLE + " LIMIT 1";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Map.Entry<List<Long>, Long> entry : newest.entrySet()) {
                statement.setLong(1, entry.getValue());
                statement.setLong(2, entry.getKey().get(0));
                statement.setLong(3, entry.getKey().get(1));
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("the newest files row of collector id " + entry.getKey().get(0)
                            + ", type id " + entry.getKey().get(1) + " vanished inside one read transaction");
                    }
                    LatestRow row = new LatestRow(entry.getValue(), asPostgres(rs.getLong(1)), asPostgres(rs.getLong(2)));
                    LatestKey key = new LatestKey(catalog.collector(entry.getKey().get(0)).name(),
                        catalog.type(entry.getKey().get(1)).canonicalName());
                    expected.merge(key, row, (a, b) -> b.epoch() > a.epoch() ? b : a);
                }
            }
        }
        return expected;
    }

    /** A SQLite size as PostgreSQL should hold it under the sink's {@code sizes.zero.as.null}. */
    Long asPostgres(long size) {
        return zeroAsNull && size == 0 ? null : size;
    }

    long rows() {
        return rows;
    }

    /** How long SQLite took to aggregate (until the first bucket arrived). */
    double aggregateSeconds() {
        return aggregateSeconds;
    }

    Map<FileDamage, Long> damaged() {
        return damaged;
    }
}
