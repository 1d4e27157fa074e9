package io.brokerconnect.common.convert;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.storage.Converter;

/**
 * The compact converter for the pipeline's own topics: broker-connect's records in {@link BinaryRecords a binary
 * format} of a few dozen bytes (a JsonConverter envelope repeats the schema in every record: about 1.3 KB), so the
 * source writes, Kafka stores and compresses, and the sink reads a small fraction of the bytes.
 *
 * <p>It reads JsonConverter envelopes as well (through {@link BrokerJsonConverter}, which in turn reads this format):
 * a topic that holds records of both formats, after a connector's converter was switched, reads with either. Other
 * consumers of these topics need this class on their classpath; where they cannot have it, run the source with
 * {@code BrokerJsonConverter} (plain JsonConverter topics) instead.
 */
public class BrokerBinaryConverter implements Converter {

    private final BrokerJsonConverter json = new BrokerJsonConverter();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        json.configure(Map.of(), isKey);
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (schema == null && value == null) {
            return null;
        }
        int id = KnownSchemas.requireId(schema, "BrokerBinaryConverter", topic);
        return value == null ? null : BinaryRecords.write(id, (Struct) value);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] bytes) {
        if (bytes == null) {
            return SchemaAndValue.NULL;
        }
        return BinaryRecords.isBinary(bytes) ? BinaryRecords.read(topic, bytes) : json.toConnectData(topic, bytes);
    }
}
