package io.brokerconnect.sink.config;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.types.Password;

/**
 * Where and how to connect: from the connector's {@code connection.*} settings, or, for each setting left empty,
 * from the {@code BROKER_DATABASE_*} environment variables the broker and the spec's migration script use, with
 * the spec's defaults (localhost, 5432, sslmode require, schema public).
 */
public record ConnectionSettings(String jdbcUrl, String user, Password password, SslMode sslMode, Identifier schema) {

    public static final String ENV_HOST = "BROKER_DATABASE_HOST";
    public static final String ENV_PORT = "BROKER_DATABASE_PORT";
    public static final String ENV_USER = "BROKER_DATABASE_USERNAME";
    public static final String ENV_PASSWORD = "BROKER_DATABASE_PASSWORD";
    public static final String ENV_DATABASE = "BROKER_DATABASE";
    public static final String ENV_SCHEMA = "BROKER_DATABASE_SCHEMA";
    public static final String ENV_SSLMODE = "BROKER_DATABASE_SSLMODE";

    public static ConnectionSettings resolve(String url, String user, Password password, String sslMode, String schema,
                                      Map<String, String> env) {
        String resolvedUrl = url;
        if (isBlank(resolvedUrl)) {
            String database = env.get(ENV_DATABASE);
            if (isBlank(database)) {
                throw new IllegalArgumentException("No database to connect to: set connection.url, or the environment "
                    + "variable " + ENV_DATABASE + " (with " + ENV_HOST + ", " + ENV_PORT + ", " + ENV_USER + ", "
                    + ENV_PASSWORD + ") on every Connect worker");
            }
            resolvedUrl = "jdbc:postgresql://" + env.getOrDefault(ENV_HOST, "localhost") + ":"
                + env.getOrDefault(ENV_PORT, "5432") + "/" + database;
        }
        if (!resolvedUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("connection.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
        }
        String resolvedUser = isBlank(user) ? env.getOrDefault(ENV_USER, "") : user;
        Password resolvedPassword = password != null && !isBlank(password.value()) ? password
            : new Password(env.getOrDefault(ENV_PASSWORD, ""));
        String resolvedSsl = !isBlank(sslMode) ? sslMode : env.getOrDefault(ENV_SSLMODE, "require");
        String resolvedSchema = !isBlank(schema) ? schema : env.getOrDefault(ENV_SCHEMA, "public");
        return new ConnectionSettings(resolvedUrl, resolvedUser, resolvedPassword, SslMode.parse(resolvedSsl),
            new Identifier(isBlank(resolvedSchema) ? "public" : resolvedSchema));
    }

    /** Driver properties; the password travels only here, never in the URL or a log line. */
    public Properties driverProperties(String applicationName) {
        Properties properties = new Properties();
        if (!user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (!password.value().isEmpty()) {
            properties.setProperty("password", password.value());
        }
        properties.setProperty("sslmode", sslMode.value());
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("tcpKeepAlive", "true");
        // Batched statements are rewritten into multi-row ones; plain statements are unaffected.
        properties.setProperty("reWriteBatchedInserts", "true");
        return properties;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "ConnectionSettings[url=" + jdbcUrl + ", user=" + user + ", password=[hidden], sslMode=" + sslMode
            + ", schema=" + schema + "]";
    }
}
