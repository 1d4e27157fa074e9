package io.brokerconnect.testkit.postgres;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for integration tests.
 *
 * <p>By default it is a throwaway server started for this object alone (zonky's embedded binaries, so nothing has to
 * be installed): data directory {@code target/pg-<id>/}, log {@code target/pg-<id>.log}, a free loopback port that
 * stays the same for the life of the object, PostgreSQL's default settings, password authentication. {@link #stop()}
 * shuts it down the way an outage would (clients are disconnected, new connections are refused) and {@link #start()}
 * brings it back on the same URL with the data kept, which is what fault tests of a running load need.
 *
 * <p>When the environment variable {@value ExternalServerConfig#URL_VARIABLE} is set (with
 * {@value ExternalServerConfig#USER_VARIABLE} and {@value ExternalServerConfig#PASSWORD_VARIABLE}), the same API is
 * served by that existing server instead, e.g. to run the suite against the PostgreSQL of a real deployment. It is
 * then never stopped; {@link #stop()}/{@link #start()} throw, and tests that need them check
 * {@link #supportsRestart()} first. Databases created through this object are dropped on {@link #close()}.
 *
 * <pre>{@code
 * try (PostgresServer server = PostgresServer.builder().start()) {
 *     PostgresDatabase db = server.createDatabase("sink_it");
 *     try (Connection c = db.connect()) { ... }
 * }
 * }</pre>
 *
 * <p>Lifecycle methods are synchronized so that a fault test may call {@link #stop()} from one thread while others
 * are busy loading data; connections themselves are not pooled or tracked.
 */
public final class PostgresServer implements AutoCloseable {

    /** The superuser password of embedded servers unless the builder is given another. */
    public static final String DEFAULT_PASSWORD = "broker-connect-test";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);

    private final ServerBackend backend;
    private final Set<String> createdDatabases = new LinkedHashSet<>();
    private final Thread shutdownHook;
    private boolean closed;

    private PostgresServer(ServerBackend backend) {
        this.backend = backend;
        // A daemonized postmaster outlives the JVM; stop it if a test forgets close() or the run is interrupted.
        this.shutdownHook = new Thread(this::close, "postgres-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * JDBC URL (without credentials) of the server's default database: "postgres" when embedded, the one the URL
     * names when external.
     */
    public String jdbcUrl() {
        return backend.defaultUrl().toString();
    }

    /** JDBC URL (without credentials) of {@code database} on this server. */
    public String jdbcUrl(String database) {
        if (database == null || database.isEmpty()) {
            throw new IllegalArgumentException("database must be named");
        }
        // pgjdbc URL-decodes the database part; names made by createDatabase need no encoding, others might.
        return backend.defaultUrl().withDatabase(URLEncoder.encode(database, StandardCharsets.UTF_8)).toString();
    }

    public String host() {
        return backend.defaultUrl().host();
    }

    /** The server's port; for the embedded server it never changes, not even across {@link #restart()}. */
    public int port() {
        return backend.defaultUrl().port();
    }

    public String user() {
        return backend.user();
    }

    public String password() {
        return backend.password();
    }

    /** A connection to the default database; the caller closes it. */
    public Connection connect() throws SQLException {
        return defaultDatabase().connect();
    }

    /** A connection to {@code database}; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return database(database).connect();
    }

    /** The server's default database (see {@link #jdbcUrl()}). */
    public PostgresDatabase defaultDatabase() {
        JdbcUrl url = backend.defaultUrl();
        return new PostgresDatabase(url.database(), url.toString(), user(), password());
    }

    /** A handle for {@code database} on this server; does not create it. */
    public PostgresDatabase database(String database) {
        return new PostgresDatabase(database, jdbcUrl(database), user(), password());
    }

    /**
     * Creates an empty database named {@code name} (lower-case letters, digits, underscores) so that a test starts
     * from a clean slate without the cost of a new server. Fails if it exists.
     */
    public PostgresDatabase createDatabase(String name) {
        String quoted = DatabaseNames.quoted(name);
        requireRunning("create database " + name);
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + quoted);
        } catch (SQLException e) {
            throw new PostgresServerException("Could not create database " + name + " on " + backend.describe()
                + ": " + e.getMessage(), e);
        }
        synchronized (createdDatabases) {
            createdDatabases.add(name);
        }
        return database(name);
    }

    /** Creates a database with a fresh name beginning with {@code prefix} (e.g. the test class name). */
    public PostgresDatabase createUniqueDatabase(String prefix) {
        return createDatabase(DatabaseNames.unique(prefix));
    }

    /** Drops {@code name} if it exists, disconnecting its sessions first. */
    public void dropDatabase(String name) {
        String quoted = DatabaseNames.quoted(name);
        requireRunning("drop database " + name);
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new PostgresServerException("Could not drop database " + name + " on " + backend.describe()
                + ": " + e.getMessage(), e);
        }
        synchronized (createdDatabases) {
            createdDatabases.remove(name);
        }
    }

    /**
     * Shuts the server down ("fast" mode): open sessions are terminated, so clients in the middle of a statement get
     * an error (SQLState 57P01, or a broken connection), and new connections are refused until {@link #start()}.
     * Returns once the postmaster has exited. A no-op when already stopped.
     *
     * @throws UnsupportedOperationException for an external server (see {@link #supportsRestart()})
     */
    public synchronized void stop() {
        requireOpen();
        backend.stop();
    }

    /**
     * Starts the server again on the same port and data directory, keeping all data; returns once it accepts
     * connections. A no-op when it runs.
     *
     * @throws UnsupportedOperationException for an external server (see {@link #supportsRestart()})
     */
    public synchronized void start() {
        requireOpen();
        backend.start();
    }

    /**
     * Stops the server as a crash would: an immediate shut-down (SIGQUIT to the postmaster, what {@code pg_ctl stop
     * -m immediate} does), so sessions break without notice, nothing is checkpointed, and {@link #start()} runs crash
     * recovery. Returns once the postmaster has exited.
     *
     * @throws UnsupportedOperationException for an external server (see {@link #supportsRestart()})
     */
    public synchronized void crash() {
        requireOpen();
        backend.crash();
    }

    /** {@link #stop()} then {@link #start()}. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** True unless {@link #stop()} or {@link #close()} was called since the last start. */
    public synchronized boolean isRunning() {
        return !closed && backend.isRunning();
    }

    /** False for an external server, which this fixture must not stop; fault tests assume this is true. */
    public boolean supportsRestart() {
        return backend.supportsRestart();
    }

    /** True when this object started the server itself (and deletes it on close). */
    public boolean isEmbedded() {
        return backend.ownsServer();
    }

    /** The data directory of an embedded server. */
    public Optional<Path> dataDirectory() {
        return backend.dataDirectory();
    }

    /** The log file of an embedded server (initdb, pg_ctl and server output); it is kept after close. */
    public Optional<Path> logFile() {
        return backend.logFile();
    }

    /**
     * Embedded: stops the server and deletes its data directory (the log stays). External: drops the databases this
     * object created. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            if (!backend.ownsServer()) {
                dropCreatedDatabases();
            }
        } finally {
            closed = true;
            backend.close();
            removeShutdownHook();
        }
    }

    @Override
    public String toString() {
        return backend.describe();
    }

    private void dropCreatedDatabases() {
        Set<String> names;
        synchronized (createdDatabases) {
            names = new LinkedHashSet<>(createdDatabases);
        }
        for (String name : names) {
            try {
                dropDatabase(name);
            } catch (RuntimeException e) {
                // Keep going: one stuck database must not leave all the others behind on a shared server.
                LOG.warn("Could not drop test database {} on {}", name, backend.describe(), e);
            }
        }
    }

    private void removeShutdownHook() {
        if (Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmIsShuttingDown) {
            // The hook is running or about to; close() is idempotent, nothing to undo.
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("This PostgresServer is closed: " + backend.describe());
        }
    }

    private void requireRunning(String action) {
        if (!isRunning()) {
            throw new IllegalStateException("Cannot " + action + ": the server is "
                + (closed ? "closed" : "stopped") + " (" + backend.describe() + ")");
        }
    }

    /**
     * Configures and starts a {@link PostgresServer}. Settings apply to an embedded server only; an external one is
     * used as it is configured.
     */
    public static final class Builder {

        private ServerSettings settings = ServerSettings.postgresDefaults();
        private Path baseDirectory;
        private String password = DEFAULT_PASSWORD;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private Duration shutdownTimeout = Duration.ofSeconds(60);
        private ExternalServerConfig external;
        private Map<String, String> environment = System.getenv();

        private Builder() {
        }

        /**
         * Sets a postgresql.conf parameter, e.g. {@code setting("max_connections", "200")}. Everything not set is at
         * PostgreSQL's default. Values must be plain tokens (no spaces or quotes).
         */
        public Builder setting(String name, String value) {
            settings = settings.with(name, value);
            return this;
        }

        /**
         * For tests that only need speed: fsync, synchronous_commit and full_page_writes off. Never for benchmarks,
         * which must compare against PostgreSQL's defaults.
         */
        public Builder fastUnsafeDurability() {
            settings = settings.withFastUnsafeDurability();
            return this;
        }

        /** Where data directory and log go; default {@code ./target} (see {@code broker-connect.test.dir}). */
        public Builder baseDirectory(Path directory) {
            this.baseDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The superuser password of an embedded server. */
        public Builder password(String superuserPassword) {
            if (superuserPassword == null || superuserPassword.isEmpty() || superuserPassword.contains("\n")) {
                throw new IllegalArgumentException("The password must be a non-empty single line");
            }
            this.password = superuserPassword;
            return this;
        }

        /** How long to wait for the server to accept connections (also after a restart, which may run recovery). */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = requirePositive(timeout);
            return this;
        }

        /** How long to wait for a stop to finish (the shut-down checkpoint) before the server is killed. */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = requirePositive(timeout);
            return this;
        }

        /** Uses this existing server whatever the environment says. */
        public Builder external(String jdbcUrl, String user, String password) {
            this.external = new ExternalServerConfig(jdbcUrl, user, password, "PostgresServer.Builder.external()");
            return this;
        }

        /** Starts an embedded server even when {@value ExternalServerConfig#URL_VARIABLE} is set. */
        public Builder ignoreEnvironment() {
            this.environment = Map.of();
            return this;
        }

        /** For tests of the selection logic. */
        Builder environment(Map<String, String> variables) {
            this.environment = Map.copyOf(variables);
            return this;
        }

        /** Starts the embedded server, or connects to the external one; returns when it accepts connections. */
        public PostgresServer start() {
            ExternalServerConfig chosen = external != null
                ? external
                : ExternalServerConfig.fromEnvironment(environment).orElse(null);
            if (chosen != null) {
                if (!settings.isPostgresDefaults()) {
                    LOG.warn("Ignoring server settings {}: using the existing server from {}", settings,
                        chosen.source());
                }
                return new PostgresServer(new ExternalBackend(chosen));
            }
            EmbeddedBackend backend = EmbeddedBackend.create(
                baseDirectory != null ? baseDirectory : BuildDirectory.resolve(),
                password, settings, startupTimeout, shutdownTimeout);
            PostgresServer server = new PostgresServer(backend);
            try {
                server.start();
            } catch (RuntimeException e) {
                server.close(); // delete what initdb left; the log stays for diagnosis
                throw e;
            }
            return server;
        }

        private static Duration requirePositive(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("Timeout must be positive: " + timeout);
            }
            return timeout;
        }
    }
}
