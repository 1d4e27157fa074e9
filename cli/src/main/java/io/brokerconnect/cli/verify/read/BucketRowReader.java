package io.brokerconnect.cli.verify.read;

import io.brokerconnect.cli.verify.model.CollectorKey;
import io.brokerconnect.cli.verify.model.EpochRange;
import io.brokerconnect.cli.verify.model.LatestRow;
import io.brokerconnect.sink.layout.TargetLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the rows of one bucket on either side, for the sample rows of a mismatching bucket: the files of one
 * collector and type, or the distinct meta rows, within a range inside one day (at most a few hundred rows). Sizes
 * are as PostgreSQL holds them or, for SQLite, should hold them.
 */
public final class BucketRowReader {

    private final SqliteCatalogView catalog;
    private final TargetLayout layout;
    private final boolean zeroSizesAsNull;

    /** @param zeroSizesAsNull the sink's {@code sizes.zero.as.null} as it applies to the compared layout */
    public BucketRowReader(SqliteCatalogView catalog, TargetLayout layout, boolean zeroSizesAsNull) {
        this.catalog = catalog;
        this.layout = layout;
        this.zeroSizesAsNull = zeroSizesAsNull;
    }

    /** SQLite's usable files of one collector (by natural key) and type in {@code range}, by timestamp. */
    public Map<Long, LatestRow> sqliteFiles(Connection connection, CollectorKey collector, String type,
                                            EpochRange range) throws SQLException {
        List<Long> collectorIds = catalog.collectorIds(collector);
        List<Long> typeIds = catalog.typeIds(type);
        if (collectorIds.isEmpty() || typeIds.isEmpty()) {
            return Map.of();
        }
        List<Object> params = new ArrayList<>(collectorIds);
        params.addAll(typeIds);
        String sql = "SELECT timestamp, rough_size, exact_size FROM files WHERE collector_id IN ("
            + marks(collectorIds.size()) + ") AND type_id IN (" + marks(typeIds.size()) + ") AND "
            + SourceValidity.FILES_ROW_USABLE + " AND " + SqlRange.sqlite("timestamp", range, params);
        Map<Long, LatestRow> rows = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            SqlRange.bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long epoch = rs.getLong(1);
                    rows.put(epoch, new LatestRow(epoch, asPostgres(rs.getLong(2)), asPostgres(rs.getLong(3))));
                }
            }
        }
        return rows;
    }

    /** PostgreSQL's files of one collector (by natural key) and type in {@code range}, by timestamp. */
    public Map<Long, LatestRow> postgresFiles(Connection connection, CollectorKey collector, String type,
                                              EpochRange range) throws SQLException {
        List<Object> params = new ArrayList<>(List.of(collector.project(), collector.name(), type));
        String sql = "SELECT floor(date_part('epoch', f.ts))::bigint, f.rough_size, f.exact_size FROM "
            + layout.filesRelation() + " f JOIN " + layout.collectorsRelation() + " c ON c.id = f.collector_id "
            + "WHERE c.project = ? AND c.name = ? AND f.data_type = ? AND "
            + SqlRange.postgres("f.ts", range, params);
        Map<Long, LatestRow> rows = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            SqlRange.bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), PostgresReader.row(rs, 1));
                }
            }
        }
        return rows;
    }

    /** SQLite's distinct usable meta rows in {@code range}, each as (update_ts, update_duration, insert_count). */
    public List<List<Long>> sqliteMeta(Connection connection, EpochRange range) throws SQLException {
        return triples(connection, "SELECT DISTINCT update_ts, update_duration, insert_count FROM meta WHERE "
            + SourceValidity.META_ROW_USABLE + " AND ", "update_ts", range, true);
    }

    /** PostgreSQL's distinct meta rows in {@code range}, each as (update_ts epoch, update_duration, insert_count). */
    public List<List<Long>> postgresMeta(Connection connection, EpochRange range) throws SQLException {
        return triples(connection, "SELECT DISTINCT "
            + "floor(date_part('epoch', update_ts))::bigint, update_duration, insert_count FROM "
            + layout.metaRelation() + " m WHERE ", "update_ts", range, false);
    }

    private static List<List<Long>> triples(Connection connection, String sqlPrefix, String column, EpochRange range,
                                            boolean sqliteSide) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = sqlPrefix
            + (sqliteSide ? SqlRange.sqlite(column, range, params) : SqlRange.postgres(column, range, params));
        List<List<Long>> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            SqlRange.bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return rows;
    }

    private Long asPostgres(long size) {
        return zeroSizesAsNull && size == 0 ? null : size;
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
