package io.brokerconnect.cli.verify.read;

import io.brokerconnect.cli.verify.model.Bucket;
import io.brokerconnect.cli.verify.model.CompareScope;
import io.brokerconnect.cli.verify.model.LatestKey;
import io.brokerconnect.cli.verify.model.LatestRow;
import io.brokerconnect.cli.verify.read.SourceValidity.FileDamage;
import io.brokerconnect.cli.verify.read.SourceValidity.MetaDamage;
import java.util.List;
import java.util.Map;

/**
 * Everything read from SQLite in one read transaction, except the files buckets (those are streamed).
 *
 * @param filesRows        files rows in the compared scope, usable and damaged
 * @param metaRows         meta rows in the compared scope, usable (duplicates included) and damaged
 * @param metaDays         usable meta rows per day, duplicates counted once (as the sink writes them)
 * @param expectedLatest   what PostgreSQL's latest must hold
 * @param latestTableRows  rows in SQLite's own latest table (shown, not compared); null if it has none
 * @param filesAggregateSeconds how long the files GROUP BY took until its first bucket (it reads every row first)
 */
public record SqliteSnapshot(SqliteCatalogView catalog, CompareScope scope, long filesRows, Map<FileDamage, Long> filesDamaged,
                      long metaRows, Map<MetaDamage, Long> metaDamaged, List<Bucket<Long>> metaDays,
                      Map<LatestKey, LatestRow> expectedLatest, Long latestTableRows, double filesAggregateSeconds,
                      double seconds) {
}
