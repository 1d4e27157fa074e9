package io.brokerconnect.source.sqlite;

import java.util.List;

/**
 * A broker table that only ever grows (rows are inserted, never updated or deleted) and is therefore read in
 * rowid order from a stored position. {@code keyColumns} identify a row independently of its rowid, which lets
 * a reader notice that a {@code VACUUM} renumbered the rowids.
 *
 * <p>Table and column names are constants of this class, never configuration, so the SQL built from them is fixed.
 */
public record AppendOnlyTable(String name, List<String> columns, List<String> keyColumns) {

    public static final AppendOnlyTable FILES = new AppendOnlyTable("files",
        List.of("timestamp", "collector_id", "type_id", "rough_size", "exact_size"),
        List.of("timestamp", "collector_id", "type_id"));

    /** meta has no key column; the whole row (update_ts first, which is indexed) serves as its identity. */
    public static final AppendOnlyTable META = new AppendOnlyTable("meta",
        List.of("update_ts", "update_duration", "insert_count"),
        List.of("update_ts", "update_duration", "insert_count"));

    public AppendOnlyTable {
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
        if (!columns.containsAll(keyColumns)) {
            throw new IllegalArgumentException("key columns must be columns of " + name);
        }
    }

    /** Positions of the key columns within {@link #columns()}. */
    public int[] keyIndexes() {
        return keyColumns.stream().mapToInt(columns::indexOf).toArray();
    }
}
