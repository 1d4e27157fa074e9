package io.brokerconnect.cli.common;

import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.PostgresConnections;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import picocli.CommandLine.Option;

/**
 * The PostgreSQL a command talks to: {@code --pg-url} and friends, else the spec's {@code BROKER_DATABASE_*}
 * environment variables with the spec's defaults, resolved exactly as the sink connector resolves them.
 * The password is read from {@code --pg-password-file} or the environment, never from the command line (where
 * {@code ps} would show it).
 */
public final class PostgresOptions {

    @Option(names = "--pg-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://localhost:5432/broker "
                    + "(default: from BROKER_DATABASE_HOST/PORT/DATABASE).")
    String url;

    @Option(names = "--pg-user", paramLabel = "USER", description = "User (default: BROKER_DATABASE_USERNAME).")
    String user;

    @Option(names = "--pg-password-file", paramLabel = "FILE",
            description = "File holding the password (default: BROKER_DATABASE_PASSWORD).")
    java.nio.file.Path passwordFile;

    @Option(names = "--pg-sslmode", paramLabel = "MODE",
            description = "disable, allow, prefer, require, verify-ca, verify-full (default: BROKER_DATABASE_SSLMODE, "
                    + "else require).")
    String sslMode;

    @Option(names = "--schema", paramLabel = "SCHEMA",
            description = "Target schema (default: BROKER_DATABASE_SCHEMA, else public).")
    String schema;

    /** Whether a PostgreSQL was named at all: {@code --pg-url} or the {@code BROKER_DATABASE} variable. */
    public boolean isConfigured() {
        return url != null && !url.isBlank() || System.getenv(ConnectionSettings.ENV_DATABASE) != null;
    }

    /** The resolved settings; throws IllegalArgumentException naming what is missing or wrong. */
    public ConnectionSettings settings() {
        return settings(System.getenv());
    }

    ConnectionSettings settings(Map<String, String> env) {
        Password password = null;
        if (passwordFile != null) {
            try {
                password = new Password(java.nio.file.Files.readString(passwordFile).strip());
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("Cannot read --pg-password-file " + passwordFile + ": " + e.getMessage(), e);
            }
        }
        return ConnectionSettings.resolve(url, user, password, sslMode, schema, env);
    }

    /** A data source for the resolved settings; {@code tool} becomes PostgreSQL's application_name. */
    public PostgresConnections connections(String tool) {
        return new PostgresConnections(settings(), "broker-connect " + tool);
    }
}
