package io.brokerconnect.common.model;

/**
 * Header names that say where a record came from. They are diagnostics only: the sink never relies on
 * SQLite rowids because {@code VACUUM} may renumber them.
 */
public final class SourceHeaders {
    /** The SQLite table the row was read from, e.g. {@code files}. */
    public static final String TABLE = "broker.source.table";
    /** The row's SQLite rowid at the time it was read. */
    public static final String ROWID = "broker.source.rowid";

    private SourceHeaders() {
    }
}
