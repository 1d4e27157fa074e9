package io.brokerconnect.sink.layout;

/**
 * How a first load writes files straight into a files table that has no unique index yet (its primary key deferred,
 * see {@link TargetLayout#deferredFilesPrimaryKey()}): a binary COPY of (ts, collector_id, data_type, rough_size,
 * exact_size), collector ids resolved by the sink. Without a unique index an INSERT ... ON CONFLICT DO NOTHING
 * inserts every row anyway, so the COPY stores exactly what that INSERT would, without a staging table and without
 * PostgreSQL's per-row join and conflict check.
 *
 * @param copy the COPY statement; columns ts timestamptz, collector_id integer, data_type (the layout's enum),
 *             rough_size bigint, exact_size bigint, binary format
 * @param selectCollectorIds rows (project as text, name, id integer) of every collector
 * @param keylessCheck one boolean row: true when files has no unique index (so the COPY may run)
 * @param zeroSizesAsNull whether a size of 0 is stored as NULL
 */
public record DirectFilesCopy(String copy, String selectCollectorIds, String keylessCheck, boolean zeroSizesAsNull) {
}
