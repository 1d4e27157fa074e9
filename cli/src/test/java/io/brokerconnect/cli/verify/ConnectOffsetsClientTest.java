package io.brokerconnect.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.brokerconnect.cli.connect.ConnectorOffset;
import io.brokerconnect.cli.offsets.SourceOffsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectOffsetsClientTest {

    @Test
    void sourceOffsetsAreTakenFromTheOffsetsApiEntries() throws VerifyException {
        SourceOffsets offsets = ConnectOffsetsClient.fromOffsets(List.of(
            new ConnectorOffset(Map.of("v", 1, "table", "files"),
                Map.of("rowid", 5012L, "key.timestamp", 1748736000L, "key.collector_id", 3, "key.type_id", 1)),
            new ConnectorOffset(Map.of("v", 1, "table", "meta"), Map.of("rowid", 77))), "test");
        assertEquals(new SourceOffsets(5012, 77, "test"), offsets);
        assertEquals(new SourceOffsets(0, 0, "empty"), ConnectOffsetsClient.fromOffsets(List.of(), "empty"));
    }
}
