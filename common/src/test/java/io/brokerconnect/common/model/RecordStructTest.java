package io.brokerconnect.common.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class RecordStructTest {

    private static final Instant TS = Instant.parse("2024-11-29T04:05:00Z");

    @Test
    void fileRecordRoundTripsThroughStructAndKeepsZeroSizes() {
        FileRecord file = new FileRecord(Project.RIPE_RIS, "rrc00", DataType.UPDATES, TS, 0, 12345);
        Struct value = file.toValueStruct();
        value.validate();
        assertEquals(0L, value.getInt64(RecordSchemas.ROUGH_SIZE), "0 must stay 0: converting is the sink's choice");
        assertEquals(file, FileRecord.fromValueStruct(value));

        Struct key = file.toKeyStruct();
        key.validate();
        assertEquals("ripe-ris", key.getString(RecordSchemas.PROJECT));
        assertEquals("rrc00", key.getString(RecordSchemas.COLLECTOR));
        assertEquals("updates", key.getString(RecordSchemas.DATA_TYPE));
        assertEquals(TS.toEpochMilli(), ((java.util.Date) key.get(RecordSchemas.TIMESTAMP)).getTime());
    }

    @Test
    void fileRecordRefusesNegativeSizesAndEmptyCollector() {
        assertThrows(IllegalArgumentException.class,
            () -> new FileRecord(Project.RIPE_RIS, "rrc00", DataType.RIB, TS, -1, 0));
        assertThrows(IllegalArgumentException.class,
            () -> new FileRecord(Project.RIPE_RIS, " ", DataType.RIB, TS, 1, 1));
    }

    @Test
    void collectorRecordRoundTripsWithOptionalFields() {
        CollectorRecord full = new CollectorRecord(Project.ROUTE_VIEWS, "route-views2",
            "http://archive.routeviews.org/bgpdata", 900);
        assertEquals(full, CollectorRecord.fromValueStruct(full.toValueStruct()));
        CollectorRecord sparse = new CollectorRecord(Project.RIPE_RIS, "rrc01", null, null);
        assertEquals(sparse, CollectorRecord.fromValueStruct(sparse.toValueStruct()));
        assertThrows(IllegalArgumentException.class, () -> new CollectorRecord(Project.RIPE_RIS, null, null, null));
    }

    @Test
    void metaRecordRoundTrips() {
        MetaRecord meta = new MetaRecord(TS, 42, 1000);
        meta.toKeyStruct().validate();
        assertEquals(meta, MetaRecord.fromValueStruct(meta.toValueStruct()));
    }

    @Test
    void sourceErrorRecordKeepsRawValuesInOrder() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("timestamp", "text:garbage");
        raw.put("collector_id", "integer:3");
        raw.put("rough_size", "null");
        SourceErrorRecord error = new SourceErrorRecord("files", 17L, "timestamp is text, not an integer", raw, TS);
        error.toValueStruct().validate();
        assertEquals(error, SourceErrorRecord.fromValueStruct(error.toValueStruct()));
        assertEquals(java.util.List.of("timestamp", "collector_id", "rough_size"),
            java.util.List.copyOf(error.rawValues().keySet()));
    }

    @Test
    void schemasAreNamedAndVersioned() {
        for (Schema schema : new Schema[] {RecordSchemas.FILE_KEY, RecordSchemas.FILE_VALUE, RecordSchemas.COLLECTOR_KEY,
            RecordSchemas.COLLECTOR_VALUE, RecordSchemas.META_KEY, RecordSchemas.META_VALUE,
            RecordSchemas.SOURCE_ERROR_KEY, RecordSchemas.SOURCE_ERROR_VALUE}) {
            assertEquals(Integer.valueOf(1), schema.version(), schema.name());
            assertEquals(true, schema.name().startsWith("io.brokerconnect.broker."), schema.name());
        }
    }

    @Test
    void jsonConverterRoundTripKeepsTimestampLogicalType() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        FileRecord file = new FileRecord(Project.ROUTE_VIEWS, "route-views.amsix", DataType.RIB, TS, 100, 101);
        byte[] bytes = converter.fromConnectData("broker.files", RecordSchemas.FILE_VALUE, file.toValueStruct());
        SchemaAndValue back = converter.toConnectData("broker.files", bytes);
        assertEquals("io.brokerconnect.broker.File", back.schema().name());
        assertEquals(file, FileRecord.fromValueStruct((Struct) back.value()));
    }
}
