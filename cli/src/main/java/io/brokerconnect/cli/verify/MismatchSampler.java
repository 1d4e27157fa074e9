package io.brokerconnect.cli.verify;

import io.brokerconnect.cli.verify.compare.SampleRows;
import io.brokerconnect.cli.verify.model.CollectorKey;
import io.brokerconnect.cli.verify.model.EpochRange;
import io.brokerconnect.cli.verify.model.LatestRow;
import io.brokerconnect.cli.verify.read.BucketRowReader;
import io.brokerconnect.cli.verify.read.PostgresReader;
import io.brokerconnect.cli.verify.read.SqliteSnapshot;
import io.brokerconnect.cli.verify.report.VerifyReport.FileBucketMismatch;
import io.brokerconnect.cli.verify.report.VerifyReport.MetaDayMismatch;
import io.brokerconnect.source.sqlite.BrokerDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fetches sample rows for mismatching buckets only, after the aggregates: one bounded query per bucket and side
 * (a bucket is one day of one collector and type, at most a few hundred rows), for the first
 * {@code sampledBuckets} mismatches. On a live database the rows are read a little later than the aggregates.
 * The rows are read by {@link BucketRowReader} and told apart by {@link SampleRows}.
 */
final class MismatchSampler {

    private final VerifyOptions options;
    private final SqliteSnapshot sqlite;
    private final PostgresReader postgresReader;
    private final BucketRowReader rows;

    MismatchSampler(VerifyOptions options, SqliteSnapshot sqlite, PostgresReader postgresReader) {
        this.options = options;
        this.sqlite = sqlite;
        this.postgresReader = postgresReader;
        this.rows = new BucketRowReader(sqlite.catalog(), options.layout(), options.zeroSizesAsNull());
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
                CollectorKey collector = new CollectorKey(m.project(), m.collector());
                EpochRange range = sqlite.scope().files().withinDay(LocalDate.parse(m.day()).toEpochDay());
                Map<Long, LatestRow> expected = database.inReadTransaction(c -> rows.sqliteFiles(c, collector, m.type(),
                    range));
                sampledFiles.set(i, m.withSamples(SampleRows.files(expected,
                    rows.postgresFiles(postgres, collector, m.type(), range), options.samplesPerBucket())));
            }
            List<MetaDayMismatch> sampledMeta = new ArrayList<>(meta);
            for (int i = 0; i < Math.min(meta.size(), options.sampledBuckets()); i++) {
                MetaDayMismatch m = meta.get(i);
                EpochRange range = sqlite.scope().meta().withinDay(LocalDate.parse(m.day()).toEpochDay());
                List<List<Long>> sqliteRows = database.inReadTransaction(c -> rows.sqliteMeta(c, range));
                List<List<Long>> postgresRows = rows.postgresMeta(postgres, range);
                sampledMeta.set(i, m.withSamples(SampleRows.meta(sqliteRows, postgresRows, options.samplesPerBucket())));
            }
            return new Sampled(sampledFiles, sampledMeta);
        }
    }
}
