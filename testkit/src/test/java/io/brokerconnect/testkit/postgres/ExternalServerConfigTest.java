package io.brokerconnect.testkit.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ExternalServerConfigTest {

    @Test
    void unsetOrBlankMeansEmbedded() {
        assertTrue(ExternalServerConfig.fromEnvironment(Map.of()).isEmpty());
        assertTrue(ExternalServerConfig.fromEnvironment(Map.of(ExternalServerConfig.URL_VARIABLE, " ")).isEmpty());
    }

    @Test
    void readsAllThreeVariables() {
        ExternalServerConfig config = ExternalServerConfig.fromEnvironment(Map.of(
            ExternalServerConfig.URL_VARIABLE, "jdbc:postgresql://db:5432/broker",
            ExternalServerConfig.USER_VARIABLE, "loader",
            ExternalServerConfig.PASSWORD_VARIABLE, "secret")).orElseThrow();

        assertEquals("jdbc:postgresql://db:5432/broker", config.url());
        assertEquals("loader", config.user());
        assertEquals("secret", config.password());
    }

    @Test
    void userAndPasswordDefault() {
        ExternalServerConfig config = ExternalServerConfig.fromEnvironment(Map.of(
            ExternalServerConfig.URL_VARIABLE, "jdbc:postgresql://db/broker")).orElseThrow();

        assertEquals("postgres", config.user());
        assertEquals("", config.password());
    }

    @Test
    void badUrlNamesTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
            ExternalServerConfig.fromEnvironment(Map.of(ExternalServerConfig.URL_VARIABLE, "postgres://db/broker")));

        assertTrue(e.getMessage().contains(ExternalServerConfig.URL_VARIABLE), e.getMessage());
    }
}
