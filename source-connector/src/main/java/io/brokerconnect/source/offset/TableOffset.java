package io.brokerconnect.source.offset;

import io.brokerconnect.source.sqlite.AppendOnlyTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where reading of one append-only table stands: the rowid of the last row read and that row's key values.
 * The key lets the reader check that the rowid still points at the same row, because {@code VACUUM} may renumber
 * rowids; see {@link TableCursor}.
 *
 * <p>Stored in Connect's offset store under a versioned partition map {@code {"v": 1, "table": "files"}}.
 * Key values are stored as SQLite returned them (integer, text or null) so a damaged key can be found again.
 */
public record TableOffset(long rowid, List<Object> key) {

    public static final String PARTITION_VERSION = "v";
    public static final int CURRENT_PARTITION_VERSION = 1;
    public static final String PARTITION_TABLE = "table";
    public static final String ROWID = "rowid";
    public static final String KEY_PREFIX = "key.";
    /** "key." + column, built once per column: an offset map is made for every record the source emits. */
    private static final Map<String, String> OFFSET_KEY_NAMES = new ConcurrentHashMap<>();

    public TableOffset {
        if (rowid < 0) {
            throw new IllegalArgumentException("rowid must not be negative: " + rowid);
        }
        key = Collections.unmodifiableList(new ArrayList<>(key));
    }

    /** The position before the first row: nothing read yet, nothing to verify. */
    public static TableOffset start() {
        return new TableOffset(0, List.of());
    }

    public boolean isStart() {
        return rowid == 0 && key.isEmpty();
    }

    public static Map<String, Object> partition(AppendOnlyTable table) {
        Map<String, Object> partition = new HashMap<>();
        partition.put(PARTITION_VERSION, CURRENT_PARTITION_VERSION);
        partition.put(PARTITION_TABLE, table.name());
        return Collections.unmodifiableMap(partition);
    }

    public Map<String, Object> toMap(AppendOnlyTable table) {
        List<String> columns = table.keyColumns();
        Map<String, Object> map = new LinkedHashMap<>(2 * (columns.size() + 1));
        map.put(ROWID, rowid);
        if (!key.isEmpty()) {
            for (int i = 0; i < columns.size(); i++) {
                map.put(OFFSET_KEY_NAMES.computeIfAbsent(columns.get(i), column -> KEY_PREFIX + column), key.get(i));
            }
        }
        return map;
    }

    /**
     * Reads a stored offset, checking its shape. An offset with a rowid but without key values (for example one
     * set by an operator through the REST offsets API) is accepted and trusted as given.
     *
     * @throws IllegalArgumentException naming what is wrong, so alterOffsets and task start can report it
     */
    public static Optional<TableOffset> fromMap(AppendOnlyTable table, Map<String, ?> map) {
        if (map == null) {
            return Optional.empty();
        }
        Object rowid = map.get(ROWID);
        if (!(rowid instanceof Number number) || number.longValue() < 0
            || rowid instanceof Double || rowid instanceof Float) {
            throw new IllegalArgumentException("offset for table '" + table.name() + "' needs '" + ROWID
                + "' as a non-negative integer, found " + rowid);
        }
        List<Object> key = new ArrayList<>();
        boolean anyKey = table.keyColumns().stream().anyMatch(column -> map.containsKey(KEY_PREFIX + column));
        if (anyKey) {
            for (String column : table.keyColumns()) {
                if (!map.containsKey(KEY_PREFIX + column)) {
                    throw new IllegalArgumentException("offset for table '" + table.name() + "' has some key values "
                        + "but not '" + KEY_PREFIX + column + "'; give all of " + table.keyColumns() + " or none");
                }
                key.add(normalise(map.get(KEY_PREFIX + column)));
            }
        }
        return Optional.of(new TableOffset(number.longValue(), key));
    }

    /** Validates a partition map given through the offsets REST API; returns the table it names. */
    public static AppendOnlyTable tableOf(Map<String, ?> partition, List<AppendOnlyTable> tables) {
        if (partition == null) {
            throw new IllegalArgumentException("source partition must not be null");
        }
        Object version = partition.get(PARTITION_VERSION);
        if (!(version instanceof Number number) || number.intValue() != CURRENT_PARTITION_VERSION) {
            throw new IllegalArgumentException("source partition " + partition + " must have \"" + PARTITION_VERSION
                + "\": " + CURRENT_PARTITION_VERSION);
        }
        Object name = partition.get(PARTITION_TABLE);
        return tables.stream().filter(t -> t.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("source partition " + partition + " names table '" + name
                + "'; offsets exist only for " + tables.stream().map(AppendOnlyTable::name).toList()));
    }

    /** JSON round trips turn SQLite integers into Integer or Long; keys compare as Long. */
    private static Object normalise(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        return value;
    }

    @Override
    public String toString() {
        return "rowid " + rowid + (key.isEmpty() ? "" : " key " + key);
    }
}
