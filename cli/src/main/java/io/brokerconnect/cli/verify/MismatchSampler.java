package io.brokerconnect.cli.verify;

import io.brokerconnect.cli.verify.VerifyReport.FileBucketMismatch;
import io.brokerconnect.cli.verify.VerifyReport.MetaDayMismatch;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.source.sqlite.BrokerDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fetches sample rows for mismatching buckets only, after the aggregates: one bounded query per bucket and side
 * (a bucket is one day of one collector and type, at most a few hundred rows), for the first
 * {@code sampledBuckets} mismatches. On a live database the rows are read a little later than the aggregates.
 */
final class MismatchSampler {

    private final VerifyOptions options;
    private final SqliteSnapshot sqlite;
    private final PostgresReader postgresReader;
    private final TargetLayout layout;

    MismatchSampler(VerifyOptions options, SqliteSnapshot sqlite, PostgresReader postgresReader) {
        this.options = options;
        this.sqlite = sqlite;
        this.postgresReader = postgresReader;
        this.layout = options.layout();
    }

    record Sampled(List<FileBucketMismatch> files, List<MetaDayMismatch> meta) {
    }

    Sampled sample(List<FileBucketMismatch> files, List<MetaDayMismatch> meta) throws SQLException {
        if (options.sampledBuckets() == 0 || options.samplesPerBucket() == 0 || (files.isEmpty() && meta.isEmpty())) {
            return new Sampled(files, meta);
        }
        try (BrokerDatabase database = BrokerDatabase.openReadOnly(options.sqlite(), Duration.ofSeconds(30));
             Connection postgres = postgresReader.open()) {
            postgres.setReadOnly(true);
            List<FileBucketMismatch> sampledFiles = new ArrayList<>(files);
            for (int i = 0; i < Math.min(files.size(), options.sampledBuckets()); i++) {
                FileBucketMismatch m = files.get(i);
                EpochRange range = sqlite.scope().files().withinDay(LocalDate.parse(m.day()).toEpochDay());
                Map<Long, LatestRow> expected = database.inReadTransaction(c -> sqliteFiles(c, m, range));
                sampledFiles.set(i, m.withSamples(SampleRows.files(expected, postgresFiles(postgres, m, range),
                    options.samplesPerBucket())));
            }
            List<MetaDayMismatch> sampledMeta = new ArrayList<>(meta);
            for (int i = 0; i < Math.min(meta.size(), options.sampledBuckets()); i++) {
                MetaDayMismatch m = meta.get(i);
                EpochRange range = sqlite.scope().meta().withinDay(LocalDate.parse(m.day()).toEpochDay());
                List<List<Long>> sqliteRows = database.inReadTransaction(c -> triples(c,
                    "SELECT DISTINCT update_ts, update_duration, insert_count FROM meta WHERE "
                        + SourceValidity.META_ROW_USABLE + " AND ", "update_ts", range, true));
                List<List<Long>> postgresRows = triples(postgres, "SELECT DISTINCT "
                    + "floor(date_part('epoch', update_ts))::bigint, update_duration, insert_count FROM "
                    + layout.metaRelation() + " m WHERE ", "update_ts", range, false);
                sampledMeta.set(i, m.withSamples(SampleRows.meta(sqliteRows, postgresRows, options.samplesPerBucket())));
            }
            return new Sampled(sampledFiles, sampledMeta);
        }
    }

    private Map<Long, LatestRow> sqliteFiles(Connection connection, FileBucketMismatch m, EpochRange range)
        throws SQLException {
        List<Long> collectorIds = sqlite.catalog().collectorIds(new CollectorKey(m.project(), m.collector()));
        List<Long> typeIds = sqlite.catalog().typeIds(m.type());
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

    private Map<Long, LatestRow> postgresFiles(Connection connection, FileBucketMismatch m, EpochRange range)
        throws SQLException {
        List<Object> params = new ArrayList<>(List.of(m.project(), m.collector(), m.type()));
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
        return options.zeroSizesAsNull() && size == 0 ? null : size;
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
