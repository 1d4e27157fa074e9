package io.brokerconnect.common.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.Project;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class BrokerBinaryConverterTest {

    private final BrokerBinaryConverter binary = new BrokerBinaryConverter();
    private final BrokerJsonConverter json = new BrokerJsonConverter();
    private final JsonConverter reference = new JsonConverter();

    BrokerBinaryConverterTest() {
        binary.configure(Map.of(), false);
        json.configure(Map.of(), false);
        reference.configure(Map.of("schemas.enable", "true"), false);
    }

    @Test
    void everyKnownRecordRoundTrips() {
        for (Struct struct : BrokerJsonConverterTest.samples(new Random(3), 300)) {
            byte[] bytes = binary.fromConnectData("t", struct.schema(), struct);
            SchemaAndValue read = binary.toConnectData("t", bytes);
            assertEquals(struct.schema(), read.schema());
            assertEquals(struct, read.value());
        }
    }

    @Test
    void eitherConverterReadsEitherFormat() {
        for (Struct struct : BrokerJsonConverterTest.samples(new Random(4), 100)) {
            assertEquals(struct, json.toConnectData("t", binary.fromConnectData("t", struct.schema(), struct)).value());
            assertEquals(struct, binary.toConnectData("t", reference.fromConnectData("t", struct.schema(), struct)).value());
        }
    }

    @Test
    void aFileRecordIsAFewDozenBytes() {
        FileRecord file = new FileRecord(Project.ROUTE_VIEWS, "route-views.amsix", DataType.UPDATES,
            Instant.parse("2025-05-01T12:15:00Z"), 12_345_678, 12_345_999);
        byte[] bytes = binary.fromConnectData("t", file.toValueStruct().schema(), file.toValueStruct());
        byte[] envelope = reference.fromConnectData("t", file.toValueStruct().schema(), file.toValueStruct());
        assertTrue(bytes.length < 64, bytes.length + " bytes");
        assertTrue(envelope.length > 10 * bytes.length, envelope.length + " against " + bytes.length);
    }

    @Test
    void nullsAreTombstones() {
        assertNull(binary.fromConnectData("t", null, null));
        FileRecord file = new FileRecord(Project.RIPE_RIS, "rrc00", DataType.RIB, Instant.ofEpochSecond(1), 1, 2);
        assertNull(binary.fromConnectData("t", file.toKeyStruct().schema(), null));
        assertEquals(SchemaAndValue.NULL, binary.toConnectData("t", null));
    }

    @Test
    void foreignSchemasAreRefused() {
        DataException e = assertThrows(DataException.class, () -> binary.fromConnectData("t", Schema.STRING_SCHEMA, "x"));
        assertTrue(e.getMessage().contains("JsonConverter"), e.getMessage());
    }

    @Test
    void malformedRecordsAreRefusedNamingTheTopic() {
        FileRecord file = new FileRecord(Project.RIPE_RIS, "rrc00", DataType.RIB, Instant.ofEpochSecond(1), 1, 2);
        byte[] bytes = binary.fromConnectData("t", file.toValueStruct().schema(), file.toValueStruct());
        for (int cut = 1; cut < bytes.length; cut++) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            DataException e = assertThrows(DataException.class, () -> binary.toConnectData("broker.files", truncated));
            assertTrue(e.getMessage().contains("broker.files"), e.getMessage());
        }
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(DataException.class, () -> binary.toConnectData("t", trailing));
        byte[] unknownId = bytes.clone();
        unknownId[1] = 99;
        DataException e = assertThrows(DataException.class, () -> binary.toConnectData("t", unknownId));
        assertTrue(e.getMessage().contains("newer broker-connect"), e.getMessage());
    }
}
