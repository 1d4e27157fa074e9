package io.brokerconnect.source.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class SqliteSourceConfigTest {

    @Test
    void defaultsAreSensible() {
        SqliteSourceConfig config = new SqliteSourceConfig(Map.of("database.path", "/data/broker.sqlite3"));
        assertEquals("broker", config.topics().prefix());
        assertEquals("broker.files", config.topics().files());
        assertTrue(config.pollInterval().compareTo(Duration.ofSeconds(1)) < 0, "poll interval well under a second");
        assertEquals(10_000, config.batchMaxRows());
        assertTrue(config.filesSince().isAll());
        assertEquals(Duration.ofMinutes(1), config.collectorsRefreshInterval());
    }

    @Test
    void everyKeyIsDocumentedAndGrouped() {
        for (ConfigDef.ConfigKey key : SqliteSourceConfig.CONFIG_DEF.configKeys().values()) {
            assertFalse(key.documentation == null || key.documentation.isBlank(), key.name + " lacks documentation");
            assertFalse(key.group == null, key.name + " lacks a group");
        }
    }

    @Test
    void databasePathIsRequired() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SqliteSourceConfig(Map.of()));
        assertTrue(e.getMessage().contains("database.path"), e.getMessage());
    }

    @Test
    void validatorsNameTheOffendingField() {
        Map<String, String> props = new HashMap<>();
        props.put("database.path", "/data/broker.sqlite3");
        props.put("topic.prefix", "bad prefix!");
        props.put("files.since", "last tuesday");
        props.put("batch.max.rows", "0");
        props.put("poll.interval.ms", "1");
        List<ConfigValue> values = SqliteSourceConfig.CONFIG_DEF.validate(props);
        for (String field : List.of("topic.prefix", "files.since", "batch.max.rows", "poll.interval.ms")) {
            ConfigValue value = values.stream().filter(v -> v.name().equals(field)).findFirst().orElseThrow();
            assertFalse(value.errorMessages().isEmpty(), field + " should be refused");
        }
        ConfigValue path = values.stream().filter(v -> v.name().equals("database.path")).findFirst().orElseThrow();
        assertTrue(path.errorMessages().isEmpty());
    }
}
