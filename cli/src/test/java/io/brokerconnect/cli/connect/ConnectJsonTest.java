package io.brokerconnect.cli.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectJsonTest {

    @Test
    void statusBodyAsConnectSendsIt() throws Exception {
        String body = """
            {"name":"broker-postgres-sink","connector":{"state":"RUNNING","worker_id":"10.0.0.1:8083"},
             "tasks":[{"id":1,"state":"FAILED","worker_id":"10.0.0.2:8083",
                       "trace":"java.lang.IllegalStateException: x\\n\\tat A.b(A.java:1)\\n"},
                      {"id":0,"state":"RUNNING","worker_id":"10.0.0.1:8083"}],
             "type":"sink"}""";
        ConnectorStatus status = ConnectJson.parseStatus(ConnectJson.MAPPER.readTree(body));
        assertEquals("broker-postgres-sink", status.name());
        assertEquals("sink", status.type());
        assertEquals(ConnectorState.RUNNING, status.state());
        assertEquals(List.of(0, 1), status.tasks().stream().map(TaskStatus::id).toList(), "sorted by id");
        assertEquals(ConnectorState.FAILED, status.tasks().get(1).state());
        assertEquals("java.lang.IllegalStateException: x", status.tasks().get(1).traceFirstLine());
        assertNull(status.tasks().get(0).trace());
        assertTrue(status.anyFailed());
        assertEquals(List.of("broker-postgres-sink task 1: java.lang.IllegalStateException: x"), status.failures());
    }

    @Test
    void infoBodyAsConnectSendsIt() throws Exception {
        String body = """
            {"name":"s","config":{"connector.class":"io.brokerconnect.source.SqliteSourceConnector","tasks.max":"1",
             "name":"s"},"tasks":[{"connector":"s","task":0}],"type":"source"}""";
        ConnectorInfo info = ConnectJson.parseInfo(ConnectJson.MAPPER.readTree(body));
        assertEquals("source", info.type());
        assertEquals("io.brokerconnect.source.SqliteSourceConnector", info.connectorClass());
        assertEquals(List.of(0), info.tasks());
        assertEquals("1", info.config().get("tasks.max"));
    }

    @Test
    void unknownStatesDoNotFailParsing() {
        assertEquals(ConnectorState.UNKNOWN, ConnectorState.parse("DEGRADED"));
        assertEquals(ConnectorState.UNKNOWN, ConnectorState.parse(null));
        assertEquals(ConnectorState.STOPPED, ConnectorState.parse("stopped"));
    }

    @Test
    void offsetNumbersWhateverJacksonMadeOfThem() {
        ConnectorOffset offset = new ConnectorOffset(Map.of("kafka_topic", "t", "kafka_partition", 3),
            Map.of("kafka_offset", 12_345_678_901L));
        assertEquals(3L, offset.partitionNumber(ConnectorOffset.SINK_PARTITION));
        assertEquals(12_345_678_901L, offset.offsetNumber(ConnectorOffset.SINK_OFFSET));
        assertNull(offset.offsetNumber("rowid"));
        assertEquals(offset, ConnectorOffset.sink("t", 3, 12_345_678_901L));
    }
}
