package io.brokerconnect.cli.verify.read;

import java.util.Arrays;

/**
 * The source connector's rules for which SQLite rows become records, as SQL over the raw columns, so that
 * damaged rows can be counted and left out without reading every row into Java.
 *
 * <p>The rules are those of {@code io.brokerconnect.source.convert} ({@code FileRowConverter},
 * {@code MetaRowConverter}, {@code RawValues}): a value must be stored as an INTEGER (SQLite's {@code typeof},
 * which is exactly when the JDBC driver returns a whole number), timestamps in [0, 253402300799] (year 9999),
 * sizes at least 0, meta's duration and count in [0, 2^31 - 1]; a file's collector and type ids must name
 * usable rows of {@code collectors} and {@code types} (checked in Java with the connector's own {@code Catalog}).
 * The checks are tried in the connector's order, so each damaged row is counted under the reason the connector
 * gives it. {@code SourceValidityTest} runs the connector's converters and these expressions on the same rows.
 */
public final class SourceValidity {

    /** The source connector's {@code RawValues.MAX_EPOCH_SECONDS}: 9999-12-31T23:59:59Z. */
    static final long MAX_EPOCH_SECONDS = 253_402_300_799L;
    private static final long MAX_INT = Integer.MAX_VALUE;

    /** Why a files row never reaches PostgreSQL; {@code code} is what {@link #FILES_DAMAGE_SQL} yields. */
    public enum FileDamage {
        NONE(0, "usable"),
        TIMESTAMP(1, "timestamp is not an INTEGER in [0, " + MAX_EPOCH_SECONDS + "]"),
        COLLECTOR_ID(2, "collector_id is not an INTEGER"),
        TYPE_ID(3, "type_id is not an INTEGER"),
        ROUGH_SIZE(4, "rough_size is not an INTEGER >= 0"),
        EXACT_SIZE(5, "exact_size is not an INTEGER >= 0"),
        COLLECTOR_UNKNOWN(6, "collector_id is not in the collectors table"),
        COLLECTOR_DAMAGED(7, "collector_id refers to a damaged collectors row"),
        TYPE_UNKNOWN(8, "type_id is not in the types table"),
        TYPE_DAMAGED(9, "type_id refers to a damaged types row");

        final int code;
        public final String reason;

        FileDamage(int code, String reason) {
            this.code = code;
            this.reason = reason;
        }

        static FileDamage ofCode(int code) {
            return Arrays.stream(values()).filter(d -> d.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no files damage code " + code));
        }
    }

    /** Why a meta row never reaches PostgreSQL; {@code code} is what {@link #META_DAMAGE_SQL} yields. */
    public enum MetaDamage {
        NONE(0, "usable"),
        UPDATE_TS(1, "update_ts is not an INTEGER in [0, " + MAX_EPOCH_SECONDS + "]"),
        UPDATE_DURATION(2, "update_duration is not an INTEGER in [0, " + MAX_INT + "]"),
        INSERT_COUNT(3, "insert_count is not an INTEGER in [0, " + MAX_INT + "]");

        final int code;
        public final String reason;

        MetaDamage(int code, String reason) {
            this.code = code;
            this.reason = reason;
        }

        static MetaDamage ofCode(int code) {
            return Arrays.stream(values()).filter(d -> d.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no meta damage code " + code));
        }
    }

    /** True when a files row's timestamp is usable (then time windows apply to it). */
    static final String FILES_TIMESTAMP_USABLE = integerIn("timestamp", 0, MAX_EPOCH_SECONDS);

    /** 0 for a files row whose own values are usable, else the {@link FileDamage} code of the first defect. */
    static final String FILES_DAMAGE_SQL = "(CASE"
        + " WHEN NOT " + FILES_TIMESTAMP_USABLE + " THEN 1"
        + " WHEN typeof(collector_id) <> 'integer' THEN 2"
        + " WHEN typeof(type_id) <> 'integer' THEN 3"
        + " WHEN NOT " + integerAtLeastZero("rough_size") + " THEN 4"
        + " WHEN NOT " + integerAtLeastZero("exact_size") + " THEN 5"
        + " ELSE 0 END)";

    /** A files row's own values are usable (the collector and type are checked separately). */
    static final String FILES_ROW_USABLE = "(" + FILES_TIMESTAMP_USABLE
        + " AND typeof(collector_id) = 'integer' AND typeof(type_id) = 'integer'"
        + " AND " + integerAtLeastZero("rough_size") + " AND " + integerAtLeastZero("exact_size") + ")";

    static final String META_TIMESTAMP_USABLE = integerIn("update_ts", 0, MAX_EPOCH_SECONDS);

    static final String META_DAMAGE_SQL = "(CASE"
        + " WHEN NOT " + META_TIMESTAMP_USABLE + " THEN 1"
        + " WHEN NOT " + integerIn("update_duration", 0, MAX_INT) + " THEN 2"
        + " WHEN NOT " + integerIn("insert_count", 0, MAX_INT) + " THEN 3"
        + " ELSE 0 END)";

    static final String META_ROW_USABLE = "(" + META_TIMESTAMP_USABLE
        + " AND " + integerIn("update_duration", 0, MAX_INT) + " AND " + integerIn("insert_count", 0, MAX_INT) + ")";

    private SourceValidity() {
    }

    private static String integerIn(String column, long min, long max) {
        return "(typeof(" + column + ") = 'integer' AND " + column + " BETWEEN " + min + " AND " + max + ")";
    }

    private static String integerAtLeastZero(String column) {
        return "(typeof(" + column + ") = 'integer' AND " + column + " >= 0)";
    }
}
