package io.brokerconnect.source.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.source.sqlite.AppendOnlyTable;
import io.brokerconnect.source.sqlite.RawRow;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetaRowConverterTest {

    private final MetaRowConverter converter = new MetaRowConverter();

    @Test
    void convertsEpochToInstant() {
        Conversion.Converted<?> converted = assertInstanceOf(Conversion.Converted.class,
            converter.convert(meta(1700000000L, 42L, 1000L)));
        assertEquals(new MetaRecord(Instant.ofEpochSecond(1700000000L), 42, 1000), converted.value());
    }

    @Test
    void refusesValuesPostgresIntegerCannotHold() {
        Conversion.Rejected<?> rejected = assertInstanceOf(Conversion.Rejected.class,
            converter.convert(meta(1700000000L, 1L, 3_000_000_000L)));
        assertTrue(rejected.reason().contains("insert_count"), rejected.reason());
    }

    @Test
    void refusesTextAndNull() {
        assertInstanceOf(Conversion.Rejected.class, converter.convert(meta("soon", 1L, 1L)));
        assertInstanceOf(Conversion.Rejected.class, converter.convert(meta(1700000000L, null, 1L)));
    }

    private static RawRow meta(Object... values) {
        return new RawRow(1, AppendOnlyTable.META.columns(), values);
    }
}
