package io.brokerconnect.source.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.source.sqlite.AppendOnlyTable;
import io.brokerconnect.source.sqlite.CatalogReader;
import io.brokerconnect.source.sqlite.RawRow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileRowConverterTest {

    /** Types deliberately numbered against intuition: the broker's ids are not guaranteed. */
    private static final Catalog CATALOG = Catalog.from(
        List.of(collector(1, "rrc00", "https://data.ris.ripe.net/rrc00", "ripe-ris", 300L),
            collector(2, "route-views2", "http://archive.routeviews.org/bgpdata", "routeviews", 900L),
            collector(3, null, "http://nowhere", "ripe-ris", 300L)),
        List.of(type(1, "updates"), type(2, "rib")));

    private final FileRowConverter converter = new FileRowConverter(Optional.empty());

    @Test
    void convertsIdsToNamesAndKeepsSizesAsStored() {
        Conversion<FileRecord> result = converter.convert(file(1700000000L, 2L, 2L, 0L, 123L), CATALOG);
        FileRecord file = assertInstanceOf(Conversion.Converted.class, result) instanceof Conversion.Converted<?> c
            ? (FileRecord) c.value() : null;
        assertEquals(new FileRecord(Project.ROUTE_VIEWS, "route-views2", DataType.RIB,
            Instant.ofEpochSecond(1700000000L), 0, 123), file);
    }

    @Test
    void refusesTextAndNullInIntegerColumns() {
        assertRejected(file("garbage", 1L, 1L, 1L, 1L), "timestamp is TEXT 'garbage', not an integer");
        assertRejected(file(1700000000L, 1L, 1L, null, 1L), "rough_size is NULL, not an integer");
        assertRejected(file(1700000000L, "x", 1L, 1L, 1L), "collector_id is TEXT 'x', not an integer");
        assertRejected(file(1700000000L, 1L, 1L, 1L, 2.5), "exact_size is REAL '2.5', not an integer");
    }

    @Test
    void refusesNegativeSizes() {
        assertRejected(file(1700000000L, 1L, 1L, -5L, 1L), "rough_size -5 is out of range");
    }

    @Test
    void unknownIdsAreFlaggedSoTheCatalogCanBeReRead() {
        Conversion.Rejected<?> rejected = assertInstanceOf(Conversion.Rejected.class,
            converter.convert(file(1700000000L, 99L, 1L, 1L, 1L), CATALOG));
        assertTrue(rejected.unknownReference());
        assertTrue(rejected.reason().contains("collector_id 99"), rejected.reason());
        Conversion.Rejected<?> type = assertInstanceOf(Conversion.Rejected.class,
            converter.convert(file(1700000000L, 1L, 7L, 1L, 1L), CATALOG));
        assertTrue(type.unknownReference());
    }

    @Test
    void fileOfDamagedCollectorIsRefusedWithTheCollectorsProblem() {
        Conversion.Rejected<?> rejected = assertInstanceOf(Conversion.Rejected.class,
            converter.convert(file(1700000000L, 3L, 1L, 1L, 1L), CATALOG));
        assertEquals(false, rejected.unknownReference());
        assertTrue(rejected.reason().contains("name is NULL"), rejected.reason());
    }

    @Test
    void filesBeforeTheLowerBoundAreFilteredNotRefused() {
        FileRowConverter bounded = new FileRowConverter(Optional.of(1700000000L));
        assertInstanceOf(Conversion.Filtered.class, bounded.convert(file(1699999999L, 1L, 1L, 1L, 1L), CATALOG));
        assertInstanceOf(Conversion.Converted.class, bounded.convert(file(1700000000L, 1L, 1L, 1L, 1L), CATALOG));
        // damage is still reported even for an old row: it must never disappear silently
        assertInstanceOf(Conversion.Rejected.class, bounded.convert(file(1L, 1L, 1L, -1L, 1L), CATALOG));
    }

    @Test
    void collectorAliasesAreNormalised() {
        Conversion<?> collector = CATALOG.collectors().get(2L);
        assertEquals(Project.ROUTE_VIEWS, ((io.brokerconnect.common.model.CollectorRecord)
            ((Conversion.Converted<?>) collector).value()).project());
    }

    private void assertRejected(RawRow row, String reasonStart) {
        Conversion.Rejected<?> rejected = assertInstanceOf(Conversion.Rejected.class, converter.convert(row, CATALOG));
        assertTrue(rejected.reason().startsWith(reasonStart), rejected.reason());
    }

    static RawRow file(Object... values) {
        return new RawRow(1, AppendOnlyTable.FILES.columns(), values);
    }

    static RawRow collector(long id, String name, String url, String project, Long interval) {
        return new RawRow(id, CatalogReader.COLLECTOR_COLUMNS, new Object[] {id, name, url, project, interval});
    }

    static RawRow type(long id, String name) {
        return new RawRow(id, CatalogReader.TYPE_COLUMNS, new Object[] {id, name});
    }
}
