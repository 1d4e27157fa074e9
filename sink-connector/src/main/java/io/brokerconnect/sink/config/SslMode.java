package io.brokerconnect.sink.config;

import java.util.Arrays;

/** PostgreSQL client SSL modes, as libpq and PgJDBC spell them. */
public enum SslMode {
    DISABLE("disable"), ALLOW("allow"), PREFER("prefer"), REQUIRE("require"), VERIFY_CA("verify-ca"),
    VERIFY_FULL("verify-full");

    private final String value;

    SslMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static SslMode parse(String text) {
        return Arrays.stream(values()).filter(m -> m.value.equalsIgnoreCase(text.trim())).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("SSL mode '" + text + "' is not one of "
                + String.join(", ", names())));
    }

    public static String[] names() {
        return Arrays.stream(values()).map(SslMode::value).toArray(String[]::new);
    }
}
