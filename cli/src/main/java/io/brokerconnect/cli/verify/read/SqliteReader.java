package io.brokerconnect.cli.verify.read;

import io.brokerconnect.cli.offsets.SourceOffsets;
import io.brokerconnect.cli.verify.model.Bucket;
import io.brokerconnect.cli.verify.model.CompareScope;
import io.brokerconnect.cli.verify.model.EpochRange;
import io.brokerconnect.cli.verify.model.FileBucketKey;
import io.brokerconnect.cli.verify.model.LatestKey;
import io.brokerconnect.cli.verify.model.LatestRow;
import io.brokerconnect.cli.verify.read.SourceValidity.FileDamage;
import io.brokerconnect.cli.verify.read.SourceValidity.MetaDamage;
import io.brokerconnect.source.sqlite.BrokerDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the SQLite side, opened exactly as the source connector opens it (read-only, {@code query_only}), in ONE
 * read transaction so that catalog, scope, meta, files and latest are one consistent snapshot. On a live broker
 * database that transaction lasts as long as the files aggregate (about a minute for 55 million rows); the broker
 * keeps writing meanwhile, only its WAL checkpoint waits until the end.
 */
public final class SqliteReader {

    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(30);

    private final Path sqlite;
    private final EpochRange window;
    private final Optional<SourceOffsets> upToOffsets;
    private final boolean zeroSizesAsNull;

    /**
     * @param window          the user's time window on file and meta timestamps
     * @param upToOffsets     the source connector's position, when comparing only what it has emitted
     * @param zeroSizesAsNull the sink's {@code sizes.zero.as.null} as it applies to the compared layout
     */
    public SqliteReader(Path sqlite, EpochRange window, Optional<SourceOffsets> upToOffsets, boolean zeroSizesAsNull) {
        this.sqlite = sqlite;
        this.window = window;
        this.upToOffsets = upToOffsets;
        this.zeroSizesAsNull = zeroSizesAsNull;
    }

    /** Reads everything; completes {@code scopeOut} as soon as the compared scope is known (PostgreSQL waits for it). */
    public SqliteSnapshot read(CompletableFuture<CompareScope> scopeOut, BucketSink<FileBucketKey> files)
        throws SQLException, InterruptedException {
        long start = System.nanoTime();
        try (BrokerDatabase database = BrokerDatabase.openReadOnly(sqlite, BUSY_TIMEOUT)) {
            return database.inReadTransaction(connection -> {
                try {
                    return readAll(connection, scopeOut, files, start);
                } catch (InterruptedException e) {
                    throw new InterruptedRead(e);
                }
            });
        } catch (InterruptedRead e) {
            throw e.interrupted;
        } finally {
            scopeOut.completeExceptionally(new IllegalStateException("the SQLite side stopped before fixing the scope"));
        }
    }

    private SqliteSnapshot readAll(Connection connection, CompletableFuture<CompareScope> scopeOut,
                                   BucketSink<FileBucketKey> files, long start) throws SQLException, InterruptedException {
        SqliteCatalogView catalog = SqliteCatalogView.read(connection);
        CompareScope scope = scope(connection, catalog);
        scopeOut.complete(scope);

        Map<MetaDamage, Long> metaDamaged = new EnumMap<>(MetaDamage.class);
        long metaRows = countMeta(connection, scope, metaDamaged);
        List<Bucket<Long>> metaDays = metaDays(connection, scope.meta());

        SqliteFilesAggregate aggregate = new SqliteFilesAggregate(catalog, zeroSizesAsNull);
        aggregate.run(connection, scope, files);
        Map<LatestKey, LatestRow> expectedLatest = aggregate.expectedLatest(connection);
        return new SqliteSnapshot(catalog, scope, aggregate.rows(), aggregate.damaged(), metaRows, metaDamaged, metaDays,
            expectedLatest, latestTableRows(connection), aggregate.aggregateSeconds(), (System.nanoTime() - start) / 1e9);
    }

    private CompareScope scope(Connection connection, SqliteCatalogView catalog) throws SQLException {
        long filesMax = single(connection, "SELECT coalesce(max(rowid), 0) FROM files", List.of());
        long metaMax = single(connection, "SELECT coalesce(max(rowid), 0) FROM meta", List.of());
        SourceOffsets offsets = upToOffsets.orElse(null);
        Long filesCutoff = null;
        Long metaCutoff = null;
        if (offsets != null) {
            filesCutoff = oldestUnemittedFile(connection, catalog, offsets.filesRowid());
            metaCutoff = nullable(connection, "SELECT min(update_ts) FROM meta WHERE rowid > ? AND "
                + SourceValidity.META_ROW_USABLE, List.of(offsets.metaRowid()));
        }
        Long oldestMeta = nullable(connection, "SELECT min(update_ts) FROM meta WHERE " + SourceValidity.META_ROW_USABLE,
            List.of());
        return new CompareScope(window, window.untilAtMost(filesCutoff),
            window.untilAtMost(metaCutoff).fromAtLeast(oldestMeta), offsets, filesCutoff, metaCutoff, oldestMeta,
            filesMax, metaMax);
    }

    /**
     * The oldest timestamp among the files rows the source has not emitted yet (rowid after its offset) and will
     * emit (usable rows with a usable collector and type; damaged ones never reach PostgreSQL, so they must not
     * hold the comparison back). Every usable row older than this has a rowid at or below the offset.
     */
    private static Long oldestUnemittedFile(Connection connection, SqliteCatalogView catalog, long rowid)
        throws SQLException {
        String sql = "SELECT collector_id, type_id, min(timestamp) FROM files WHERE rowid > ? AND "
            + SourceValidity.FILES_ROW_USABLE + " GROUP BY 1, 2";
        Long oldest = null;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, rowid);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (catalog.problemWith(rs.getLong(1), rs.getLong(2)) == FileDamage.NONE) {
                        oldest = oldest == null ? rs.getLong(3) : Math.min(oldest, rs.getLong(3));
                    }
                }
            }
        }
        return oldest;
    }

    /** Counts meta rows in scope per damage code; returns all of them (usable ones under NONE). */
    private static long countMeta(Connection connection, CompareScope scope, Map<MetaDamage, Long> damaged)
        throws SQLException {
        List<Object> params = new ArrayList<>();
        String unplaceable = "NOT " + SourceValidity.META_TIMESTAMP_USABLE;
        if (scope.upToOffsets()) {
            unplaceable += " AND rowid <= ?";
            params.add(scope.offsets().metaRowid());
        }
        String sql = "SELECT " + SourceValidity.META_DAMAGE_SQL + ", count(*) FROM meta WHERE (" + unplaceable + ") OR ("
            + SourceValidity.META_TIMESTAMP_USABLE + " AND " + SqlRange.sqlite("update_ts", scope.meta(), params)
            + ") GROUP BY 1";
        long all = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            SqlRange.bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    MetaDamage damage = MetaDamage.ofCode(rs.getInt(1));
                    all += rs.getLong(2);
                    if (damage != MetaDamage.NONE) {
                        damaged.merge(damage, rs.getLong(2), Long::sum);
                    }
                }
            }
        }
        return all;
    }

    /** Usable meta rows per day; identical rows count once, as the sink writes them once. */
    private static List<Bucket<Long>> metaDays(Connection connection, EpochRange range) throws SQLException {
        List<Object> params = new ArrayList<>();
        String checksum = ContentChecksum.rowSql("update_ts", ContentChecksum.encodeNotNullSql("update_duration"),
            ContentChecksum.encodeNotNullSql("insert_count"));
        String sql = "SELECT update_ts / 86400, count(*), sum(" + checksum + "), min(update_ts), max(update_ts) FROM "
            + "(SELECT DISTINCT update_ts, update_duration, insert_count FROM meta WHERE " + SourceValidity.META_ROW_USABLE
            + " AND " + SqlRange.sqlite("update_ts", range, params) + ") GROUP BY 1 ORDER BY 1";
        return MetaDays.read(connection, sql, params);
    }

    private static Long latestTableRows(Connection connection) {
        try {
            return single(connection, "SELECT count(*) FROM latest", List.of());
        } catch (SQLException noLatestTable) {
            return null; // an old broker database without latest: nothing to show
        }
    }

    private static long single(Connection connection, String sql, List<Object> params) throws SQLException {
        Long value = nullable(connection, sql, params);
        return value == null ? 0 : value;
    }

    private static Long nullable(Connection connection, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            SqlRange.bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long value = rs.getLong(1);
                return rs.wasNull() ? null : value;
            }
        }
    }

    /** Carries an interruption through the connector's read-transaction callback, which allows only SQLException. */
    private static final class InterruptedRead extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final InterruptedException interrupted;

        InterruptedRead(InterruptedException interrupted) {
            super(interrupted);
            this.interrupted = interrupted;
        }
    }
}
