package io.brokerconnect.testkit.postgres;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an existing PostgreSQL server is, when a test run should use one instead of starting its own.
 *
 * <p>Read from the environment so that a developer or CI can point the whole suite at, for example, the server of a
 * deployment under test without touching any test code. The URL names a database that the user can connect to;
 * databases created by tests are made next to it, so the user needs the CREATEDB privilege.
 *
 * @param url      JDBC URL of a database on the server
 * @param user     user name; "postgres" when the variable is unset
 * @param password password; empty when the variable is unset (for servers that trust local connections)
 * @param source   where the settings came from, quoted in error messages so a reader knows what to change
 */
record ExternalServerConfig(String url, String user, String password, String source) {

    static final String URL_VARIABLE = "BROKER_CONNECT_TEST_PG_URL";
    static final String USER_VARIABLE = "BROKER_CONNECT_TEST_PG_USER";
    static final String PASSWORD_VARIABLE = "BROKER_CONNECT_TEST_PG_PASSWORD";
    static final String DEFAULT_USER = "postgres";

    ExternalServerConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        JdbcUrl.parse(url); // fail now, with the variable named in the message, rather than at the first connect
    }

    /** The configured server, or empty when {@value #URL_VARIABLE} is unset or blank. */
    static Optional<ExternalServerConfig> fromEnvironment(Map<String, String> environment) {
        String url = environment.get(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String user = environment.getOrDefault(USER_VARIABLE, DEFAULT_USER);
        String password = environment.getOrDefault(PASSWORD_VARIABLE, "");
        try {
            return Optional.of(new ExternalServerConfig(url.trim(), user, password,
                "the environment variable " + URL_VARIABLE));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(URL_VARIABLE + " is set but is not usable: " + e.getMessage(), e);
        }
    }
}
