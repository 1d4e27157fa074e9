package io.brokerconnect.sink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class ConnectionSettingsTest {

    @Test
    void environmentVariablesFillWhatTheConfigLeavesEmptyWithTheSpecDefaults() {
        Map<String, String> env = Map.of("BROKER_DATABASE", "bgpkit_broker", "BROKER_DATABASE_USERNAME", "broker",
            "BROKER_DATABASE_PASSWORD", "s3cret");
        ConnectionSettings settings = new PostgresSinkConfig(Map.of(), env).connection();
        assertEquals("jdbc:postgresql://localhost:5432/bgpkit_broker", settings.jdbcUrl());
        assertEquals("broker", settings.user());
        assertEquals("s3cret", settings.password().value());
        assertEquals(SslMode.REQUIRE, settings.sslMode());
        assertEquals("public", settings.schema().name());
    }

    @Test
    void everySpecVariableIsHonoured() {
        Map<String, String> env = Map.of("BROKER_DATABASE_HOST", "db.example", "BROKER_DATABASE_PORT", "6543",
            "BROKER_DATABASE", "broker", "BROKER_DATABASE_SCHEMA", "bgpkit", "BROKER_DATABASE_SSLMODE", "disable");
        ConnectionSettings settings = new PostgresSinkConfig(Map.of(), env).connection();
        assertEquals("jdbc:postgresql://db.example:6543/broker", settings.jdbcUrl());
        assertEquals("bgpkit", settings.schema().name());
        assertEquals(SslMode.DISABLE, settings.sslMode());
    }

    @Test
    void configWinsOverEnvironment() {
        Map<String, String> props = Map.of("connection.url", "jdbc:postgresql://pg:5432/x", "connection.user", "u",
            "connection.password", "p", "connection.sslmode", "verify-full", "schema", "s1");
        ConnectionSettings settings = new PostgresSinkConfig(props, Map.of("BROKER_DATABASE", "other",
            "BROKER_DATABASE_SCHEMA", "s2")).connection();
        assertEquals("jdbc:postgresql://pg:5432/x", settings.jdbcUrl());
        assertEquals(SslMode.VERIFY_FULL, settings.sslMode());
        assertEquals("s1", settings.schema().name());
    }

    @Test
    void missingDatabaseSaysWhatToSet() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new PostgresSinkConfig(Map.of(), Map.of()).connection());
        assertTrue(e.getMessage().contains("connection.url") && e.getMessage().contains("BROKER_DATABASE"), e.getMessage());
    }

    @Test
    void passwordNeverAppearsInToString() {
        ConnectionSettings settings = new PostgresSinkConfig(Map.of("connection.url", "jdbc:postgresql://h/d",
            "connection.password", "hunter2"), Map.of()).connection();
        assertFalse(settings.toString().contains("hunter2"), settings.toString());
    }

    @Test
    void schemaNamesAreValidatedNotSpliced() {
        Map<String, String> props = new HashMap<>();
        props.put("connection.url", "jdbc:postgresql://h/d");
        props.put("schema", "x; DROP TABLE files");
        List<ConfigValue> values = PostgresSinkConfig.CONFIG_DEF.validate(props);
        ConfigValue schema = values.stream().filter(v -> v.name().equals("schema")).findFirst().orElseThrow();
        assertFalse(schema.errorMessages().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new Identifier("bad\"name"));
        assertEquals("\"bgpkit\".files", new Identifier("bgpkit").qualify("files"));
    }

    @Test
    void badModesAreRefused() {
        Map<String, String> props = Map.of("connection.url", "jdbc:postgresql://h/d", "schema.management", "yolo",
            "connection.sslmode", "sometimes");
        List<ConfigValue> values = PostgresSinkConfig.CONFIG_DEF.validate(props);
        for (String name : List.of("schema.management", "connection.sslmode")) {
            ConfigValue value = values.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
            assertFalse(value.errorMessages().isEmpty(), name);
        }
    }
}
