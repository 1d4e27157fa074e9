package io.brokerconnect.cli.verify.read;

import io.brokerconnect.cli.verify.model.Bucket;
import io.brokerconnect.cli.verify.model.CollectorKey;
import io.brokerconnect.cli.verify.model.CollectorValues;
import io.brokerconnect.cli.verify.model.LatestKey;
import io.brokerconnect.cli.verify.model.LatestRow;
import java.util.List;
import java.util.Map;

/**
 * Everything read from PostgreSQL in one read-only REPEATABLE READ transaction, except the files buckets.
 *
 * @param newestFiles          PostgreSQL's own newest file per collector name and type (checks latest internally)
 * @param newestFilesBeforeCutoff the same among files below the scope's files cutoff (= newestFiles without one)
 * @param filesNotCompared     files at or after the source offset's cutoff (only in up-to-offset mode)
 * @param metaRows             meta rows in the compared range, duplicates included
 * @param metaDays             distinct meta rows per day
 * @param metaOlderNotCompared meta rows older than SQLite's oldest meta row (deleted there by retention)
 * @param metaNewerNotCompared meta rows at or after the source offset's cutoff (only in up-to-offset mode)
 */
public record PostgresSnapshot(Map<CollectorKey, CollectorValues> collectors, Map<LatestKey, LatestRow> latest,
                        Map<LatestKey, LatestRow> newestFiles, Map<LatestKey, LatestRow> newestFilesBeforeCutoff,
                        long filesNotCompared, long metaRows,
                        List<Bucket<Long>> metaDays, long metaOlderNotCompared, long metaNewerNotCompared,
                        double filesAggregateSeconds, double seconds) {
}
