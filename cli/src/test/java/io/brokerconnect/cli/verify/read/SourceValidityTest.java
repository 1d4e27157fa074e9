package io.brokerconnect.cli.verify.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.verify.model.CollectorKey;
import io.brokerconnect.cli.verify.model.CollectorValues;
import io.brokerconnect.cli.verify.read.SourceValidity.FileDamage;
import io.brokerconnect.cli.verify.read.SourceValidity.MetaDamage;
import io.brokerconnect.source.convert.Catalog;
import io.brokerconnect.source.convert.Conversion;
import io.brokerconnect.source.convert.FileRowConverter;
import io.brokerconnect.source.convert.MetaRowConverter;
import io.brokerconnect.source.sqlite.AppendOnlyTable;
import io.brokerconnect.source.sqlite.CatalogReader;
import io.brokerconnect.source.sqlite.RawRow;
import io.brokerconnect.source.sqlite.RowBatchReader;
import io.brokerconnect.tools.generator.BrokerSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SQL mirror of the source connector's rules accepts and rejects exactly the rows the connector's own
 * converters accept and reject, for the same reason, on thousands of rows mixing every kind of odd value.
 */
class SourceValidityTest {

    /** Values of every storage class and at every boundary; SQLite's INTEGER affinity turns some into integers. */
    private static final Object[] TIMESTAMPS = {0L, 1_700_000_000L, SourceValidity.MAX_EPOCH_SECONDS,
        SourceValidity.MAX_EPOCH_SECONDS + 1, -1L, "abc", "1700000300", 1.5, 1_700_000_600.0, null, new byte[] {1}};
    private static final Object[] COLLECTOR_IDS = {1L, 2L, 3L, 4L, 99L, "x", null, 1.0, 2.5};
    private static final Object[] TYPE_IDS = {1L, 2L, 3L, 7L, "rib", null, 2.0};
    private static final Object[] SIZES = {0L, 5L, Long.MAX_VALUE, -1L, "garbage", "12", null, 3.25};
    private static final Object[] META_VALUES =
        {0L, 12L, (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, -5L, "t", null, 4.5};

    private Connection connection;

    @BeforeEach
    void database() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement s = connection.createStatement()) {
            for (String ddl : List.of(BrokerSchema.CREATE_META, BrokerSchema.CREATE_COLLECTORS, BrokerSchema.CREATE_TYPES,
                BrokerSchema.CREATE_FILES)) {
                s.execute(ddl);
            }
            s.execute("INSERT INTO collectors VALUES (1, 'rrc00', 'https://data.ris.ripe.net/rrc00', 'ripe-ris', 300), "
                + "(2, NULL, 'https://data.ris.ripe.net/rrc17', 'ripe-ris', 300), "
                + "(3, 'route-views2', 'http://archive.routeviews.org/bgpdata', 'routeviews', NULL), "
                + "(4, 'mystery', 'http://example.org', 'unknown-project', 900)");
            s.execute("INSERT INTO types VALUES (1, 'rib'), (2, 'updates'), (3, 'bogus')");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void filesRowsAreAcceptedAndRejectedExactlyAsTheConnectorDoes() throws SQLException {
        Random random = new Random(4);
        try (PreparedStatement insert = connection.prepareStatement("INSERT OR IGNORE INTO files VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 4_000; i++) {
                // Mostly good values, so that every column's odd values meet otherwise usable rows.
                insert.setObject(1, pick(random, TIMESTAMPS, 1_700_000_000L + i * 300L));
                insert.setObject(2, pick(random, COLLECTOR_IDS, 1L));
                insert.setObject(3, pick(random, TYPE_IDS, 2L));
                insert.setObject(4, pick(random, SIZES, (long) random.nextInt(1_000_000)));
                insert.setObject(5, pick(random, SIZES, (long) random.nextInt(1_000_000)));
                insert.executeUpdate();
            }
        }
        CatalogReader catalogReader = new CatalogReader();
        Catalog catalog = Catalog.from(catalogReader.readCollectors(connection), catalogReader.readTypes(connection));
        SqliteCatalogView view = SqliteCatalogView.read(connection);
        Map<Long, FileDamage> ours = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT rowid, " + SourceValidity.FILES_DAMAGE_SQL + ", collector_id, type_id, "
                 + SourceValidity.FILES_ROW_USABLE + " FROM files")) {
            while (rs.next()) {
                FileDamage damage = FileDamage.ofCode(rs.getInt(2));
                if (damage == FileDamage.NONE) {
                    damage = view.problemWith(rs.getLong(3), rs.getLong(4));
                }
                assertEquals(rs.getInt(2) == 0, rs.getBoolean(5), "FILES_ROW_USABLE agrees with the damage code");
                ours.put(rs.getLong(1), damage);
            }
        }
        FileRowConverter converter = new FileRowConverter(Optional.empty());
        List<RawRow> rows = new RowBatchReader(AppendOnlyTable.FILES).readAfter(connection, 0, 100_000);
        int accepted = 0;
        for (RawRow row : rows) {
            Conversion<?> conversion = converter.convert(row, catalog);
            FileDamage damage = ours.get(row.rowid());
            if (conversion instanceof Conversion.Converted<?>) {
                accepted++;
                assertEquals(FileDamage.NONE, damage, row.toString());
            } else {
                String reason = ((Conversion.Rejected<?>) conversion).reason();
                assertTrue(damage != FileDamage.NONE && sameReason(damage, reason),
                    row + ": the connector says '" + reason + "', the SQL says " + damage);
            }
        }
        assertTrue(rows.size() > 3_000 && accepted > 1_000, rows.size() + " rows, " + accepted + " accepted");
        for (FileDamage damage : FileDamage.values()) {
            assertTrue(ours.containsValue(damage), "the rows cover " + damage);
        }
    }

    @Test
    void metaRowsAreAcceptedAndRejectedExactlyAsTheConnectorDoes() throws SQLException {
        Random random = new Random(5);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO meta VALUES (?, ?, ?)")) {
            for (int i = 0; i < 2_000; i++) {
                insert.setObject(1, pick(random, TIMESTAMPS));
                insert.setObject(2, pick(random, META_VALUES));
                insert.setObject(3, pick(random, META_VALUES));
                insert.executeUpdate();
            }
        }
        Map<Long, MetaDamage> ours = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT rowid, " + SourceValidity.META_DAMAGE_SQL + ", "
                 + SourceValidity.META_ROW_USABLE + " FROM meta")) {
            while (rs.next()) {
                assertEquals(rs.getInt(2) == 0, rs.getBoolean(3), "META_ROW_USABLE agrees with the damage code");
                ours.put(rs.getLong(1), MetaDamage.ofCode(rs.getInt(2)));
            }
        }
        MetaRowConverter converter = new MetaRowConverter();
        for (RawRow row : new RowBatchReader(AppendOnlyTable.META).readAfter(connection, 0, 100_000)) {
            Conversion<?> conversion = converter.convert(row);
            MetaDamage damage = ours.get(row.rowid());
            if (conversion instanceof Conversion.Converted<?>) {
                assertEquals(MetaDamage.NONE, damage, row.toString());
            } else {
                String reason = ((Conversion.Rejected<?>) conversion).reason();
                String column = switch (damage) {
                    case UPDATE_TS -> "update_ts";
                    case UPDATE_DURATION -> "update_duration";
                    case INSERT_COUNT -> "insert_count";
                    case NONE -> "(accepted)";
                };
                assertTrue(reason.startsWith(column + " "),
                    row + ": the connector says '" + reason + "', the SQL says " + damage);
            }
        }
        for (MetaDamage damage : MetaDamage.values()) {
            assertTrue(ours.containsValue(damage), "the rows cover " + damage);
        }
    }

    @Test
    void expectedCollectorsNormaliseAliasesAndDefaultIntervalsAndSkipDamagedRows() throws SQLException {
        SqliteCatalogView view = SqliteCatalogView.read(connection);
        assertEquals(Map.of(
            new CollectorKey("ripe-ris", "rrc00"), new CollectorValues("https://data.ris.ripe.net/rrc00", 300),
            new CollectorKey("route-views", "route-views2"),
            new CollectorValues("http://archive.routeviews.org/bgpdata", 900)),
            view.expectedCollectors());
        assertEquals(Map.of("collectors", Map.of("name is NULL", 1L,
                "project 'unknown-project' is neither ripe-ris nor route-views (nor an alias of them)", 1L),
            "types", Map.of("type name 'bogus' is neither rib nor updates", 1L)), view.damagedRows());
    }

    /** The connector's reason names the column (or the reference) that our damage code stands for. */
    private static boolean sameReason(FileDamage damage, String reason) {
        return switch (damage) {
            case TIMESTAMP -> reason.startsWith("timestamp ");
            case COLLECTOR_ID -> reason.startsWith("collector_id ") && reason.contains("not an integer");
            case TYPE_ID -> reason.startsWith("type_id ") && reason.contains("not an integer");
            case ROUGH_SIZE -> reason.startsWith("rough_size ");
            case EXACT_SIZE -> reason.startsWith("exact_size ");
            case COLLECTOR_UNKNOWN -> reason.matches("collector_id \\d+ is not in the collectors table");
            case COLLECTOR_DAMAGED -> reason.startsWith("collector_id ") && reason.contains("refers to a damaged row");
            case TYPE_UNKNOWN -> reason.matches("type_id \\d+ is not in the types table");
            case TYPE_DAMAGED -> reason.startsWith("type_id ") && reason.contains("refers to a damaged row");
            case NONE -> false;
        };
    }

    private static Object pick(Random random, Object[] values) {
        return values[random.nextInt(values.length)];
    }

    private static Object pick(Random random, Object[] odd, Object good) {
        return random.nextInt(10) < 8 ? good : pick(random, odd);
    }
}
