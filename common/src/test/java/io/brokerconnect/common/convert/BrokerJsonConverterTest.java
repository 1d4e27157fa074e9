package io.brokerconnect.common.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.common.model.SourceErrorRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/** The fast converter must be indistinguishable from Kafka's JsonConverter on the wire, in both directions. */
class BrokerJsonConverterTest {

    private final BrokerJsonConverter fast = new BrokerJsonConverter();
    private final JsonConverter reference = new JsonConverter();

    BrokerJsonConverterTest() {
        fast.configure(Map.of(), false);
        reference.configure(Map.of("schemas.enable", "true"), false);
    }

    @Test
    void writesExactlyTheBytesJsonConverterWrites() {
        for (Struct struct : samples(new Random(1), 200)) {
            byte[] expected = reference.fromConnectData("t", struct.schema(), struct);
            byte[] actual = fast.fromConnectData("t", struct.schema(), struct);
            assertArrayEquals(expected, actual, () -> new String(actual, StandardCharsets.UTF_8));
        }
    }

    @Test
    void readsWhatJsonConverterWroteAndViceVersa() {
        for (Struct struct : samples(new Random(2), 200)) {
            byte[] byReference = reference.fromConnectData("t", struct.schema(), struct);
            SchemaAndValue read = fast.toConnectData("t", byReference);
            assertEquals(struct.schema(), read.schema());
            assertEquals(struct, read.value());
            SchemaAndValue readByReference = reference.toConnectData("t", fast.fromConnectData("t", struct.schema(), struct));
            assertEquals(struct, readByReference.value());
        }
    }

    @Test
    void nullsAreTombstones() {
        assertNull(fast.fromConnectData("t", null, null));
        assertEquals(SchemaAndValue.NULL, fast.toConnectData("t", null));
    }

    @Test
    void foreignSchemasAreRefusedWithAPointerToJsonConverter() {
        byte[] foreign = reference.fromConnectData("t", Schema.STRING_SCHEMA, "hello");
        DataException e = assertThrows(DataException.class, () -> fast.toConnectData("t", foreign));
        assertEquals(true, e.getMessage().contains("JsonConverter"), e.getMessage());
        assertThrows(DataException.class, () -> fast.fromConnectData("t", Schema.STRING_SCHEMA, "hello"));
        assertThrows(DataException.class, () -> fast.toConnectData("t", "not json".getBytes(StandardCharsets.UTF_8)));
        assertThrows(DataException.class, () -> fast.toConnectData("t", "{\"payload\":{}}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void missingRequiredPayloadFieldIsRefused() {
        FileRecord file = new FileRecord(Project.RIPE_RIS, "rrc00", DataType.RIB, Instant.ofEpochSecond(1), 1, 2);
        String json = new String(reference.fromConnectData("t", file.toValueStruct().schema(), file.toValueStruct()),
            StandardCharsets.UTF_8).replace(",\"exact_size\":2", "");
        assertThrows(DataException.class, () -> fast.toConnectData("t", json.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Struct> samples(Random random, int count) {
        List<Struct> out = new ArrayList<>();
        String[] names = {"rrc00", "route-views.amsix", "we\"ird\\name\t", "ünïcode"};
        for (int i = 0; i < count; i++) {
            Project project = random.nextBoolean() ? Project.RIPE_RIS : Project.ROUTE_VIEWS;
            String name = names[random.nextInt(names.length)];
            Instant ts = Instant.ofEpochSecond(random.nextInt(2_000_000_000));
            FileRecord file = new FileRecord(project, name, random.nextBoolean() ? DataType.RIB : DataType.UPDATES, ts,
                random.nextInt(3) == 0 ? 0 : random.nextLong(1L << 40), random.nextLong(1L << 40));
            CollectorRecord collector = new CollectorRecord(project, name, random.nextBoolean() ? null : "https://x/" + i,
                random.nextBoolean() ? null : 300);
            MetaRecord meta = new MetaRecord(ts, random.nextInt(1000), random.nextInt(100000));
            Map<String, String> raw = new LinkedHashMap<>();
            raw.put("timestamp", "text:garbage");
            raw.put("rough_size", null);
            SourceErrorRecord error = new SourceErrorRecord("files", random.nextBoolean() ? null : (long) i, "why " + i,
                raw, ts);
            out.addAll(List.of(file.toKeyStruct(), file.toValueStruct(), collector.toKeyStruct(),
                collector.toValueStruct(), meta.toKeyStruct(), meta.toValueStruct(), error.toKeyStruct(),
                error.toValueStruct()));
        }
        return out;
    }
}
