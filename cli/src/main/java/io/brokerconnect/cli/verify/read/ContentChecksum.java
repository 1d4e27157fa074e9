package io.brokerconnect.cli.verify.read;

/**
 * A per-row checksum that SQLite and PostgreSQL compute identically in SQL, summed per bucket.
 *
 * <p>Everything is 64-bit integer arithmetic modulo the prime P = 2^31 - 1, so no intermediate value reaches
 * 2^62: SQLite would silently turn an overflowing integer into a REAL and PostgreSQL would raise an error. Both
 * databases (and Java) truncate integer division and remainder towards zero, so the results agree bit for bit.
 *
 * <p>A row is (epoch seconds {@code e}, value {@code r}, value {@code x}); for files r and x are the sizes as
 * PostgreSQL should hold them, encoded so that NULL and 0 differ ({@link #encodeSql}). The row checksum is
 * {@code ((a*48271 + r) mod P + 1) * ((a*16807 + x) mod P + 1) mod P} with {@code a = e mod P}: a product of two
 * different linear forms, so, unlike a plain sum, it notices sizes that moved from one row to another.
 */
public final class ContentChecksum {

    public static final long P = 2_147_483_647L;
    private static final long M1 = 48_271L;
    private static final long M2 = 16_807L;

    private ContentChecksum() {
    }

    /** The checksum of one row, in Java (used by tests and to describe the formula; the databases compute it). */
    public static long row(long epochSeconds, long encodedR, long encodedX) {
        long a = epochSeconds % P;
        return ((a * M1 + encodedR) % P + 1) * ((a * M2 + encodedX) % P + 1) % P;
    }

    /** Encodes a nullable size as PostgreSQL holds it: NULL is 0, any value v is {@code v mod P + 1}. */
    public static long encode(Long value) {
        return value == null ? 0 : value % P + 1;
    }

    /**
     * The row checksum as SQL text for expressions that are constants of this package (column names and the
     * encoding expressions below), never user input. Valid in SQLite and PostgreSQL.
     */
    public static String rowSql(String epochSeconds, String encodedR, String encodedX) {
        String a = "(" + epochSeconds + " % " + P + ")";
        return "(((" + a + " * " + M1 + " + " + encodedR + ") % " + P + " + 1) * ((" + a + " * " + M2 + " + "
            + encodedX + ") % " + P + " + 1) % " + P + ")";
    }

    /** {@link #encode} in SQL for a PostgreSQL column that may be NULL. */
    public static String encodeSql(String nullableColumn) {
        return "COALESCE(" + nullableColumn + " % " + P + " + 1, 0)";
    }

    /**
     * {@link #encode} in SQL for a SQLite size column, applied to the value PostgreSQL should hold: with
     * {@code zeroAsNull} (the sink's {@code sizes.zero.as.null}) a 0 is encoded as NULL.
     */
    public static String encodeSqliteSizeSql(String column, boolean zeroAsNull) {
        String value = "(" + column + " % " + P + " + 1)";
        return zeroAsNull ? "(CASE WHEN " + column + " = 0 THEN 0 ELSE " + value + " END)" : value;
    }

    /** {@link #encode} in SQL for a non-NULL integer column (meta's duration and count). */
    public static String encodeNotNullSql(String column) {
        return "(" + column + " % " + P + " + 1)";
    }
}
