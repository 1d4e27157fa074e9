package io.brokerconnect.source.offset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.source.sqlite.AppendOnlyTable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.junit.jupiter.api.Test;

class TableOffsetTest {

    @Test
    void roundTripsThroughJsonLikeTheOffsetStore() {
        TableOffset offset = new TableOffset(12345, Arrays.asList(1700000000L, "garbage", null));
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        byte[] bytes = converter.fromConnectData("offsets", null, offset.toMap(AppendOnlyTable.FILES));
        SchemaAndValue back = converter.toConnectData("offsets", bytes);
        @SuppressWarnings("unchecked")
        Map<String, ?> map = (Map<String, ?>) back.value();
        assertEquals(offset, TableOffset.fromMap(AppendOnlyTable.FILES, map).orElseThrow());
    }

    @Test
    void integersFromJsonCompareAsLongs() {
        Map<String, Object> map = new HashMap<>();
        map.put("rowid", 7);
        map.put("key.timestamp", 1700000000);
        map.put("key.collector_id", 3);
        map.put("key.type_id", 1);
        assertEquals(List.of(1700000000L, 3L, 1L), TableOffset.fromMap(AppendOnlyTable.FILES, map).orElseThrow().key());
    }

    @Test
    void rowidAloneIsAcceptedForOperatorResets() {
        TableOffset offset = TableOffset.fromMap(AppendOnlyTable.META, Map.of("rowid", 10L)).orElseThrow();
        assertEquals(10L, offset.rowid());
        assertTrue(offset.key().isEmpty());
    }

    @Test
    void malformedOffsetsAreRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> TableOffset.fromMap(AppendOnlyTable.FILES, Map.of()));
        assertThrows(IllegalArgumentException.class,
            () -> TableOffset.fromMap(AppendOnlyTable.FILES, Map.of("rowid", -1L)));
        assertThrows(IllegalArgumentException.class,
            () -> TableOffset.fromMap(AppendOnlyTable.FILES, Map.of("rowid", "12")));
        IllegalArgumentException partial = assertThrows(IllegalArgumentException.class,
            () -> TableOffset.fromMap(AppendOnlyTable.FILES, Map.of("rowid", 5L, "key.timestamp", 1L)));
        assertTrue(partial.getMessage().contains("key.collector_id"), partial.getMessage());
    }

    @Test
    void partitionsAreVersioned() {
        Map<String, Object> partition = TableOffset.partition(AppendOnlyTable.FILES);
        assertEquals(Map.of("v", 1, "table", "files"), partition);
        List<AppendOnlyTable> tables = List.of(AppendOnlyTable.FILES, AppendOnlyTable.META);
        assertEquals(AppendOnlyTable.FILES, TableOffset.tableOf(Map.of("v", 1L, "table", "files"), tables));
        assertThrows(IllegalArgumentException.class, () -> TableOffset.tableOf(Map.of("table", "files"), tables));
        assertThrows(IllegalArgumentException.class, () -> TableOffset.tableOf(Map.of("v", 1, "table", "latest"), tables));
    }
}
