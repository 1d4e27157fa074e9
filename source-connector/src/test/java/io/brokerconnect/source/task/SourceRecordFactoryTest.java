package io.brokerconnect.source.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.common.model.SourceHeaders;
import io.brokerconnect.common.model.TopicNames;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class SourceRecordFactoryTest {

    private static final FileRecord FILE = new FileRecord(Project.RIPE_RIS, "rrc00", DataType.UPDATES,
        Instant.parse("2025-01-01T00:05:00Z"), 10, 20);

    @Test
    void recordsSayWhichRowTheyCameFromByDefault() {
        SourceRecord record = new SourceRecordFactory(new TopicNames("broker"), true)
            .file(FILE, "files", 4711, Map.of("table", "files"), Map.of("rowid", 4711L));
        assertEquals(1, record.headers().size());
        assertEquals("files:4711", record.headers().lastWithName(SourceHeaders.SOURCE).value());
    }

    @Test
    void withoutTheHeaderRecordsCarryNone() {
        SourceRecord record = new SourceRecordFactory(new TopicNames("broker"), false)
            .file(FILE, "files", 4711, Map.of("table", "files"), Map.of("rowid", 4711L));
        assertTrue(record.headers().isEmpty());
        assertEquals("broker.files", record.topic());
        assertEquals(FILE, FileRecord.fromValueStruct((org.apache.kafka.connect.data.Struct) record.value()));
    }
}
