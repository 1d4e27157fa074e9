package io.brokerconnect.cli.pipeline;

/**
 * The rowid range of one SQLite table: what the source connector's {@code rowid} offset is measured against.
 * Both are 0 for an empty table. The broker never deletes files and its ignored inserts take no rowid, so rowids
 * after a position count the rows still to read without a {@code count(*)} over millions of rows.
 */
public record TableExtent(String table, long minRowid, long maxRowid) {

    /** The source's position, with rows deleted below the first rowid (the broker's meta retention) counted as read. */
    public long effectivePosition(Long position) {
        return Math.max(position == null ? 0 : position, Math.max(0, minRowid - 1));
    }

    /** Rows (rowids) after the source's position. */
    public long rowsAfter(Long position) {
        return Math.max(0, maxRowid - effectivePosition(position));
    }
}
