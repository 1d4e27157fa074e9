package io.brokerconnect.common.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.common.model.Project;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

/**
 * The parser-free path must take the broker's ordinary records (or the speed is silently lost) and must hand
 * everything else to the JSON parser, and agree with the parser on what it takes, so that the converter's answer
 * never depends on which path read a record.
 */
class OwnEnvelopeReaderTest {

    private final BrokerJsonConverter converter = new BrokerJsonConverter();
    private final JsonConverter reference = new JsonConverter();
    private final OwnEnvelopeReader reader = new OwnEnvelopeReader(BrokerJsonConverter.envelopePrefixes());

    OwnEnvelopeReaderTest() {
        converter.configure(Map.of(), false);
        reference.configure(Map.of("schemas.enable", "true"), false);
    }

    @Test
    void readsOrdinaryRecordsWithoutTheParser() {
        Random random = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            // many distinct names, so the string cache's slots collide and get replaced
            String name = "rrc" + random.nextInt(500);
            Instant ts = Instant.ofEpochSecond(random.nextInt(2_000_000_000));
            FileRecord file = new FileRecord(Project.RIPE_RIS, name, i % 2 == 0 ? DataType.RIB : DataType.UPDATES, ts,
                random.nextInt(3) == 0 ? 0 : random.nextLong(1L << 50), random.nextLong(1L << 40));
            CollectorRecord collector = new CollectorRecord(Project.ROUTE_VIEWS, name,
                random.nextBoolean() ? null : "https://x/" + i, random.nextBoolean() ? null : 300);
            MetaRecord meta = new MetaRecord(ts, random.nextInt(1000), random.nextInt(100_000));
            for (Struct struct : List.of(file.toKeyStruct(), file.toValueStruct(), collector.toKeyStruct(),
                collector.toValueStruct(), meta.toKeyStruct(), meta.toValueStruct())) {
                SchemaAndValue read = reader.read(bytes(struct));
                assertNotNull(read, () -> "not read by the fast path: " + text(bytes(struct)));
                assertEquals(struct.schema(), read.schema());
                assertEquals(struct, read.value());
                assertEquals(converter.readWithParser("t", bytes(struct)), read);
            }
        }
    }

    @Test
    void leavesEverythingElseToTheParser() {
        FileRecord file = new FileRecord(Project.RIPE_RIS, "rrc00", DataType.RIB, Instant.ofEpochSecond(1_700_000_000),
            0, 1234);
        String json = text(bytes(file.toValueStruct()));
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("spaces", json.replace("\"payload\":{", "\"payload\": { "));
        variants.put("reordered", json.replace("\"rough_size\":0,\"exact_size\":1234", "\"exact_size\":1234,\"rough_size\":0"));
        variants.put("escape", json.replace("rrc00", "rrc\\u0030"));
        variants.put("non-ascii", json.replace("rrc00", "rrcü"));
        variants.put("fraction", json.replace("1234", "1234.0"));
        variants.put("exponent", json.replace("1234", "1e3"));
        variants.put("leading zero", json.replace("1234", "01234"));
        variants.put("19 digits", json.replace("1234", "1234567890123456789"));
        variants.put("too long", json.replace("1234", "12345678901234567890"));
        variants.put("missing field", json.replace(",\"exact_size\":1234", ""));
        variants.put("extra field", json.replace("1234}", "1234,\"x\":1}"));
        variants.put("null required", json.replace("\"rrc00\"", "null"));
        variants.put("string for number", json.replace("1234", "\"1234\""));
        variants.put("truncated", json.substring(0, json.length() - 3) + "}");
        variants.put("space before the envelope's end", json.replace("1234}}", "1234} }"));
        variants.put("trailing space", json + " ");
        variants.put("trailing brace", json + "}");
        variants.put("empty", "");
        for (Map.Entry<String, String> variant : variants.entrySet()) {
            byte[] bytes = variant.getValue().getBytes(StandardCharsets.UTF_8);
            assertNull(reader.read(bytes), () -> variant.getKey() + " must go to the parser: " + variant.getValue());
        }
    }

    @Test
    void integersOutsideTheSchemaTypeGoToTheParser() {
        CollectorRecord collector = new CollectorRecord(Project.RIPE_RIS, "rrc00", null, 300);
        String json = text(bytes(collector.toValueStruct()));
        byte[] tooBig = json.replace(":300", ":4294967296").getBytes(StandardCharsets.UTF_8);
        assertNull(reader.read(tooBig));
        assertThrows(DataException.class, () -> converter.toConnectData("t", tooBig));
    }

    private byte[] bytes(Struct struct) {
        return reference.fromConnectData("t", struct.schema(), struct);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
