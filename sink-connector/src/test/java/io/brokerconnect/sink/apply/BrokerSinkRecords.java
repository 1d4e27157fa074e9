package io.brokerconnect.sink.apply;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.common.model.RecordSchemas;
import org.apache.kafka.connect.sink.SinkRecord;

/** SinkRecords exactly as the source connector's records arrive at the sink: keyed structs with their schemas. */
final class BrokerSinkRecords {

    static final String COLLECTORS_TOPIC = "broker.collectors";
    static final String FILES_TOPIC = "broker.files";
    static final String META_TOPIC = "broker.meta";

    private BrokerSinkRecords() {
    }

    static SinkRecord collector(int partition, long offset, CollectorRecord collector) {
        return new SinkRecord(COLLECTORS_TOPIC, partition, RecordSchemas.COLLECTOR_KEY, collector.toKeyStruct(),
            RecordSchemas.COLLECTOR_VALUE, collector.toValueStruct(), offset);
    }

    static SinkRecord file(int partition, long offset, FileRecord file) {
        return new SinkRecord(FILES_TOPIC, partition, RecordSchemas.FILE_KEY, file.toKeyStruct(),
            RecordSchemas.FILE_VALUE, file.toValueStruct(), offset);
    }

    static SinkRecord meta(int partition, long offset, MetaRecord meta) {
        return new SinkRecord(META_TOPIC, partition, RecordSchemas.META_KEY, meta.toKeyStruct(),
            RecordSchemas.META_VALUE, meta.toValueStruct(), offset);
    }

    /** Kafka's default partitioner sends equal keys to one partition; any stable hash of the key does the same. */
    static int partitionOf(CollectorRecord collector, int partitions) {
        return Math.floorMod((collector.project().canonicalName() + "|" + collector.name()).hashCode() * 31 + 7,
            partitions);
    }

    static int partitionOf(FileRecord file, int partitions) {
        String key = file.project().canonicalName() + "|" + file.collector() + "|" + file.dataType().canonicalName()
            + "|" + file.timestamp().getEpochSecond();
        return Math.floorMod(key.hashCode() * 31 + 7, partitions);
    }
}
