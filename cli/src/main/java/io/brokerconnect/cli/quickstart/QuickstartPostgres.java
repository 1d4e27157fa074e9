package io.brokerconnect.cli.quickstart;

import io.brokerconnect.cli.runtime.LocalPostgres;
import io.brokerconnect.sink.config.ConnectionSettings;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;

/**
 * The PostgreSQL the quickstart loads: the one the {@code BROKER_DATABASE_*} variables (or {@code --pg-url}) name,
 * or else a local server whose binaries and data live in the work directory, kept between runs (a resumed
 * run needs the rows the sink already wrote) and stopped on exit.
 */
final class QuickstartPostgres implements AutoCloseable {

    static final String DATABASE = "bgpkit_broker";

    private final ConnectionSettings settings;
    private final LocalPostgres local;

    private QuickstartPostgres(ConnectionSettings settings, LocalPostgres local) {
        this.settings = settings;
        this.local = local;
    }

    /** Uses {@code configured} when given, else starts the local server in {@code dir}. */
    static QuickstartPostgres open(ConnectionSettings configured, Path dir) {
        if (configured != null) {
            return new QuickstartPostgres(configured, null);
        }
        LocalPostgres server;
        try {
            server = LocalPostgres.start(dir, LocalPostgres.userBinariesCache());
        } catch (RuntimeException e) {
            throw new QuickstartException(e.getMessage() + " (--fresh starts over with an empty server)");
        }
        try {
            String url = server.createDatabaseIfAbsent(DATABASE);
            ConnectionSettings settings = ConnectionSettings.resolve(url, LocalPostgres.USER, new Password(""),
                "disable", "public", Map.of());
            return new QuickstartPostgres(settings, server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    ConnectionSettings settings() {
        return settings;
    }

    boolean isLocal() {
        return local != null;
    }

    /** For the "where is everything" summary: URL and user, never the password. */
    String describe() {
        return settings.jdbcUrl() + " (user " + settings.user() + ", schema " + settings.schema().name()
            + (local != null ? ", local server in the work directory, trusts local connections" : "") + ")";
    }

    @Override
    public void close() {
        if (local != null) {
            local.close();
        }
    }
}
