package io.brokerconnect.cli.quickstart;

import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresServer;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;

/**
 * The PostgreSQL the quickstart loads: the one the {@code BROKER_DATABASE_*} variables (or {@code --pg-url}) name,
 * or else a throwaway local server (the same embedded PostgreSQL the tests use) whose data directory lives in the
 * quickstart's work directory and which is stopped on exit.
 */
final class QuickstartPostgres implements AutoCloseable {

    private final ConnectionSettings settings;
    private final PostgresServer throwaway;

    private QuickstartPostgres(ConnectionSettings settings, PostgresServer throwaway) {
        this.settings = settings;
        this.throwaway = throwaway;
    }

    /** Uses {@code configured} when given, else starts a throwaway server under {@code workDir}. */
    static QuickstartPostgres open(ConnectionSettings configured, Path workDir) {
        if (configured != null) {
            return new QuickstartPostgres(configured, null);
        }
        PostgresServer server = PostgresServer.builder().ignoreEnvironment().baseDirectory(workDir.resolve("postgres"))
            .start();
        try {
            PostgresDatabase database = server.createDatabase("bgpkit_broker");
            ConnectionSettings local = ConnectionSettings.resolve(database.jdbcUrl(), database.user(),
                new Password(database.password()), "disable", "public", Map.of());
            return new QuickstartPostgres(local, server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    ConnectionSettings settings() {
        return settings;
    }

    boolean isThrowaway() {
        return throwaway != null;
    }

    /** For the "where is everything" summary: URL and user, never the password. */
    String describe() {
        return settings.jdbcUrl() + " (user " + settings.user() + ", schema " + settings.schema().name()
            + (throwaway != null ? ", throwaway server, password in the secrets file" : "") + ")";
    }

    @Override
    public void close() {
        if (throwaway != null) {
            throwaway.close();
        }
    }
}
