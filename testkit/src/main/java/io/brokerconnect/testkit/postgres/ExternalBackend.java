package io.brokerconnect.testkit.postgres;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A server this fixture did not start and must not stop: it is only connected to.
 *
 * <p>Stopping or restarting it is refused rather than silently ignored, because a fault test that believes it stopped
 * the database would otherwise pass while testing nothing.
 */
final class ExternalBackend implements ServerBackend {

    private final ExternalServerConfig config;
    private final JdbcUrl url;

    ExternalBackend(ExternalServerConfig config) {
        this.config = config;
        this.url = JdbcUrl.parse(config.url());
    }

    @Override
    public JdbcUrl defaultUrl() {
        return url;
    }

    @Override
    public String user() {
        return config.user();
    }

    @Override
    public String password() {
        return config.password();
    }

    @Override
    public boolean ownsServer() {
        return false;
    }

    @Override
    public boolean supportsRestart() {
        return false;
    }

    @Override
    public boolean isRunning() {
        return true; // as far as this fixture knows; it never stops it
    }

    @Override
    public void start() {
        throw unsupported("start()");
    }

    @Override
    public void stop() {
        throw unsupported("stop()");
    }

    @Override
    public void crash() {
        throw unsupported("crash()");
    }

    @Override
    public void close() {
        // Nothing to release: the server belongs to someone else.
    }

    @Override
    public Optional<Path> dataDirectory() {
        return Optional.empty();
    }

    @Override
    public Optional<Path> logFile() {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "external PostgreSQL server " + url.host() + ":" + url.port() + " (from " + config.source() + ")";
    }

    private UnsupportedOperationException unsupported(String operation) {
        return new UnsupportedOperationException(operation + " is not supported: this fixture uses the existing "
            + describe() + ", which it must not stop or restart. Unset " + ExternalServerConfig.URL_VARIABLE
            + " to run on an embedded server, and guard tests that stop the server with"
            + " assumeTrue(server.supportsRestart()).");
    }
}
