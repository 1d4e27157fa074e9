package io.brokerconnect.source.sqlite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row exactly as SQLite returned it. SQLite column types are only affinities, so each value may be a Long,
 * Double, String, byte[] or null whatever the declared type; converters decide what is acceptable.
 */
public record RawRow(long rowid, List<String> columns, Object[] values) {

    public Object get(int index) {
        return values[index];
    }

    /** The key values of this row, in key-column order. */
    public List<Object> key(AppendOnlyTable table) {
        return key(table.keyIndexes());
    }

    /** The values at these positions ({@link AppendOnlyTable#keyIndexes()}, found once per table by the caller). */
    public List<Object> key(int[] keyIndexes) {
        List<Object> key = new ArrayList<>(keyIndexes.length);
        for (int index : keyIndexes) {
            key.add(values[index]);
        }
        return key;
    }

    /** Column name to {@code typeof:value}, for error records and logs. */
    public Map<String, String> rendered() {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            out.put(columns.get(i), render(values[i]));
        }
        return out;
    }

    /** Renders a raw value with its SQLite storage class, e.g. {@code integer:42}, {@code text:abc}, {@code null}. */
    public static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Long) {
            return "integer:" + value;
        }
        if (value instanceof Double) {
            return "real:" + value;
        }
        if (value instanceof byte[] bytes) {
            return "blob:" + bytes.length + " bytes";
        }
        return "text:" + value;
    }

    /** Normalises what the JDBC driver returns so equal SQLite values compare equal (Integer and Long both integer). */
    static Object normalise(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawRow row && row.rowid == rowid && row.columns.equals(columns)
            && Arrays.deepEquals(row.values, values);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(rowid) * 31 + Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return "rowid " + rowid + " " + rendered();
    }
}
