package io.brokerconnect.tools.generator;

/**
 * The kinds of damaged rows the generator can write. Each damaged row has exactly one defect, so
 * counts per kind add up to the number of damaged rows per table.
 *
 * <p>"TEXT" values are non-numeric strings ({@code garbage-<n>} in the UNIQUE columns so they do
 * not collide, {@code garbage} in size columns); SQLite keeps them as TEXT despite the INTEGER
 * affinity. Damaged {@code files} rows with a usable timestamp get one that is off the 300 s file
 * grid and older than the newest good file of their collector/type, so they never collide with a
 * good row and never change what {@code latest} should hold.
 *
 * <p>Not damage: collectors whose project is spelled with the broker's input aliases
 * ({@code riperis}, {@code routeviews}); those are reported separately
 * ({@link GenerationReport#aliasCollectorNames()}).
 */
public enum DamageKind {
    // files: one defect each; the first kinds come first so that small counts still cover the main traps
    FILES_TIMESTAMP_TEXT("files", "timestamp", "non-numeric TEXT"),
    FILES_COLLECTOR_NULL_NAME("files", "collector_id", "points to the collector whose name is NULL"),
    FILES_TYPE_ID_UNKNOWN("files", "type_id", "id not present in types"),
    FILES_ROUGH_SIZE_NEGATIVE("files", "rough_size", "negative"),
    FILES_TIMESTAMP_NULL("files", "timestamp", "NULL"),
    FILES_COLLECTOR_ID_UNKNOWN("files", "collector_id", "id not present in collectors"),
    FILES_EXACT_SIZE_TEXT("files", "exact_size", "non-numeric TEXT"),
    FILES_TYPE_ID_NULL("files", "type_id", "NULL"),
    FILES_COLLECTOR_ID_TEXT("files", "collector_id", "non-numeric TEXT"),
    FILES_ROUGH_SIZE_NULL("files", "rough_size", "NULL"),
    FILES_TIMESTAMP_REAL("files", "timestamp", "REAL with a fractional part"),
    FILES_TYPE_ID_TEXT("files", "type_id", "non-numeric TEXT"),
    FILES_COLLECTOR_ID_NULL("files", "collector_id", "NULL"),
    FILES_EXACT_SIZE_NEGATIVE("files", "exact_size", "negative"),
    FILES_ROUGH_SIZE_TEXT("files", "rough_size", "non-numeric TEXT"),
    FILES_EXACT_SIZE_NULL("files", "exact_size", "NULL"),
    // other tables: a fixed few whenever damage is requested
    COLLECTORS_NULL_NAME("collectors", "name", "NULL (url/project valid)"),
    META_UPDATE_TS_TEXT("meta", "update_ts", "non-numeric TEXT"),
    META_INSERT_COUNT_NULL("meta", "insert_count", "NULL");

    private final String table;
    private final String column;
    private final String defect;

    DamageKind(String table, String column, String defect) {
        this.table = table;
        this.column = column;
        this.defect = defect;
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }

    public String defect() {
        return defect;
    }

    public boolean isFilesKind() {
        return "files".equals(table);
    }

    /** The files kinds in round-robin order. */
    public static DamageKind[] filesKinds() {
        return java.util.Arrays.stream(values()).filter(DamageKind::isFilesKind).toArray(DamageKind[]::new);
    }
}
