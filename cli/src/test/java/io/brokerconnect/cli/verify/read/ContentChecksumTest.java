package io.brokerconnect.cli.verify.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checksum SQL, run by a real SQLite, agrees with the Java formula and never leaves 64-bit integers. */
class ContentChecksumTest {

    private static final List<long[]> EXTREMES = List.of(
        new long[] {0, 0, 0},
        new long[] {1_748_736_000L, 5_200_000L, 5_199_123L},
        new long[] {SourceValidity.MAX_EPOCH_SECONDS, Long.MAX_VALUE, Long.MAX_VALUE},
        new long[] {ContentChecksum.P, ContentChecksum.P - 1, ContentChecksum.P + 1},
        new long[] {-86_400L, 1, 2});

    @Test
    void sqliteComputesTheJavaFormulaAsAnIntegerEvenAtTheExtremes() throws SQLException {
        String sql = "SELECT " + ContentChecksum.rowSql("?1", ContentChecksum.encodeSqliteSizeSql("?2", true),
            ContentChecksum.encodeSqliteSizeSql("?3", true)) + ", typeof(" + ContentChecksum.rowSql("?1",
            ContentChecksum.encodeSqliteSizeSql("?2", false), ContentChecksum.encodeSqliteSizeSql("?3", false)) + ")";
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
             PreparedStatement s = c.prepareStatement(sql)) {
            for (long[] row : EXTREMES) {
                s.setLong(1, row[0]);
                s.setLong(2, row[1]);
                s.setLong(3, row[2]);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    long expected = ContentChecksum.row(row[0], ContentChecksum.encode(row[1] == 0 ? null : row[1]),
                        ContentChecksum.encode(row[2] == 0 ? null : row[2]));
                    assertEquals(expected, rs.getLong(1), "row " + List.of(row[0], row[1], row[2]));
                    assertEquals("integer", rs.getString(2), "no overflow into REAL");
                }
            }
        }
    }

    @Test
    void zeroSizeIsEncodedAsNullOnlyUnderTheSinksRule() {
        assertEquals(ContentChecksum.encode(null), 0);
        assertEquals(ContentChecksum.encode(0L), 1);
        assertNotEquals(ContentChecksum.encode(null), ContentChecksum.encode(0L), "NULL and 0 must differ");
    }

    @Test
    void detectsSizesSwappedBetweenRowsAndAFileMovedInTime() {
        long a = ContentChecksum.row(1_000_000L, ContentChecksum.encode(10L), ContentChecksum.encode(20L));
        long b = ContentChecksum.row(1_000_300L, ContentChecksum.encode(30L), ContentChecksum.encode(40L));
        long swappedA = ContentChecksum.row(1_000_000L, ContentChecksum.encode(30L), ContentChecksum.encode(40L));
        long swappedB = ContentChecksum.row(1_000_300L, ContentChecksum.encode(10L), ContentChecksum.encode(20L));
        assertNotEquals(a + b, swappedA + swappedB, "whole rows' sizes swapped");
        long roughOnlyA = ContentChecksum.row(1_000_000L, ContentChecksum.encode(30L), ContentChecksum.encode(20L));
        long roughOnlyB = ContentChecksum.row(1_000_300L, ContentChecksum.encode(10L), ContentChecksum.encode(40L));
        assertNotEquals(a + b, roughOnlyA + roughOnlyB, "rough sizes swapped");
        long moved = ContentChecksum.row(1_000_600L, ContentChecksum.encode(30L), ContentChecksum.encode(40L));
        assertNotEquals(a + b, a + moved, "a file moved by 5 minutes");
        assertNotEquals(a, ContentChecksum.row(1_000_000L, ContentChecksum.encode(null), ContentChecksum.encode(20L)),
            "a size that became NULL");
    }
}
