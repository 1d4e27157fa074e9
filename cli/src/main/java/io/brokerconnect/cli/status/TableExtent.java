package io.brokerconnect.cli.status;

/**
 * The rowid range of one SQLite table: what the source connector's {@code rowid} offset is measured against.
 * Both are 0 for an empty table.
 */
record TableExtent(String table, long minRowid, long maxRowid) {
}
