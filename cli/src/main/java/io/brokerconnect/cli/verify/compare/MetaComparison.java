package io.brokerconnect.cli.verify.compare;

import io.brokerconnect.cli.verify.model.Bucket;
import io.brokerconnect.cli.verify.model.BucketAggregate;
import io.brokerconnect.cli.verify.report.VerifyReport.MetaDayMismatch;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares meta per day. Rows are compared by their three values (update_ts, update_duration, insert_count),
 * each distinct row once: the sink writes a row only when no identical one exists, and during a dual write the
 * broker may insert the same row itself, so PostgreSQL duplicates are reported but are not a mismatch.
 */
public final class MetaComparison implements SortedBucketMerge.Listener<Long> {

    private final List<MetaDayMismatch> mismatches = new ArrayList<>();
    private long compared;
    private long equal;
    private long sqliteRows;
    private long postgresRows;

    public static MetaComparison of(List<Bucket<Long>> sqliteDays, List<Bucket<Long>> postgresDays) {
        MetaComparison comparison = new MetaComparison();
        SortedBucketMerge.merge(sqliteDays.iterator(), postgresDays.iterator(), comparison);
        return comparison;
    }

    @Override
    public void inBoth(Long day, BucketAggregate sqlite, BucketAggregate postgres) {
        compared++;
        sqliteRows += sqlite.rows();
        postgresRows += postgres.rows();
        if (sqlite.sameContent(postgres)) {
            equal++;
        } else {
            mismatches.add(new MetaDayMismatch(date(day), sqlite.rows(), postgres.rows(), List.of()));
        }
    }

    @Override
    public void onlyInSqlite(Long day, BucketAggregate sqlite) {
        compared++;
        sqliteRows += sqlite.rows();
        mismatches.add(new MetaDayMismatch(date(day), sqlite.rows(), 0, List.of()));
    }

    @Override
    public void onlyInPostgres(Long day, BucketAggregate postgres) {
        compared++;
        postgresRows += postgres.rows();
        mismatches.add(new MetaDayMismatch(date(day), 0, postgres.rows(), List.of()));
    }

    private static String date(long day) {
        return LocalDate.ofEpochDay(day).toString();
    }

    public long compared() {
        return compared;
    }

    public long equal() {
        return equal;
    }

    public long sqliteRows() {
        return sqliteRows;
    }

    public long postgresRows() {
        return postgresRows;
    }

    public List<MetaDayMismatch> mismatches() {
        return mismatches;
    }
}
