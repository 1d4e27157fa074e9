package io.brokerconnect.testkit.postgres;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@link PostgresServer} needs from the server behind it: either one it runs itself ({@link EmbeddedBackend})
 * or one that already exists ({@link ExternalBackend}). Keeping the two behind one seam lets every test run unchanged
 * against either.
 */
interface ServerBackend {

    /** URL of the server's database the backend was set up with (the maintenance db "postgres" when embedded). */
    JdbcUrl defaultUrl();

    String user();

    String password();

    /** True when this fixture owns the server: closing it discards the server and all its data. */
    boolean ownsServer();

    /** True when {@link #stop()} and {@link #start()} are available. */
    boolean supportsRestart();

    boolean isRunning();

    void start();

    void stop();

    /** Stops the server the way a crash does (immediate shut-down, crash recovery at the next start). */
    void crash();

    /** Stops the server if it runs and releases what the backend holds; idempotent. */
    void close();

    Optional<Path> dataDirectory();

    Optional<Path> logFile();

    /** A short description for messages: which server, and where its log is if there is one. */
    String describe();
}
