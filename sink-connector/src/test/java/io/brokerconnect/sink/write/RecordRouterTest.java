package io.brokerconnect.sink.write;

import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.layout.TargetLayouts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.common.model.RecordSchemas;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RecordRouterTest {

    private final RecordRouter router = new RecordRouter(TargetLayouts.spec(new Identifier("public")));
    private static final Instant TS = Instant.ofEpochSecond(1_700_000_000L);

    @Test
    void routesBySchemaNameWhateverTheTopic() {
        FileRecord file = new FileRecord(Project.RIPE_RIS, "rrc00", DataType.RIB, TS, 1, 2);
        CollectorRecord collector = new CollectorRecord(Project.ROUTE_VIEWS, "route-views2", "u", 900);
        MetaRecord meta = new MetaRecord(TS, 3, 4);
        RoutedBatch batch = router.route(List.of(record("any", file.toValueStruct()),
            record("topic", collector.toValueStruct()), record("names", meta.toValueStruct())));
        assertEquals(List.of(file), batch.files());
        assertEquals(List.of(collector), batch.collectors());
        assertEquals(List.of(meta), batch.meta());
        assertTrue(batch.rejected().isEmpty());
    }

    @Test
    void rejectsWhatCanNeverBeWrittenWithAReason() {
        Struct negative = new FileRecord(Project.RIPE_RIS, "rrc00", DataType.RIB, TS, 1, 2).toValueStruct()
            .put(RecordSchemas.ROUGH_SIZE, -1L);
        Struct tooBig = new MetaRecord(TS, 1, 3_000_000_000L).toValueStruct();
        RoutedBatch batch = router.route(List.of(
            new SinkRecord("t", 0, null, null, null, null, 1),
            new SinkRecord("t", 0, null, null, Schema.STRING_SCHEMA, "hello", 2),
            record("t", negative), record("t", tooBig),
            new SinkRecord("t", 0, null, null, null, java.util.Map.of("a", 1), 5)));
        assertEquals(5, batch.rejected().size());
        assertTrue(batch.rejected().get(0).reason().contains("tombstone"));
        assertTrue(batch.rejected().get(1).reason().contains("no Connect schema")
            || batch.rejected().get(1).reason().contains("unexpected value schema"), batch.rejected().get(1).reason());
        assertTrue(batch.rejected().get(2).reason().contains("sizes must not be negative"));
        assertTrue(batch.rejected().get(3).reason().contains("INTEGER"));
        assertTrue(!batch.hasWrites());
    }

    private static SinkRecord record(String topic, Struct value) {
        return new SinkRecord(topic, 0, null, null, value.schema(), value, 0);
    }
}
