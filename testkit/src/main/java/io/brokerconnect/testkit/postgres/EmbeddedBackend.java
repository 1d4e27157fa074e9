package io.brokerconnect.testkit.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server run from zonky's embedded binaries (a Maven dependency), so tests need nothing installed but a
 * JDK and Maven.
 *
 * <p>zonky has no stop/start of one server, only "start a server on a data directory" and "close it". A restart is
 * therefore a new zonky instance on the same data directory and port with {@code cleanDataDirectory=false}: initdb is
 * skipped because the cluster exists, and the data survives. This class owns that sequence and the wait for the
 * postmaster to really be gone, which zonky does not guarantee (its pg_ctl stop gives up after 5 s and only logs).
 *
 * <p>Running as root works without anything from us: PostgreSQL refuses to run as root, and zonky, when it finds
 * itself root, runs initdb/pg_ctl under {@code unshare -U}, where the process is an unprivileged user that still owns
 * the files it creates. The data directory stays deletable by the JVM.
 *
 * <p>Authentication: TCP connections need the password ({@code scram-sha-256}), like a real deployment, so a
 * connector that drops its password setting fails here as it would in production. Unix-socket connections stay
 * {@code trust}, which only matters for someone debugging with psql on the machine. Both are set at initdb time
 * through zonky's pass-through of {@code --name=value} initdb options (its "locale config").
 */
final class EmbeddedBackend implements ServerBackend {

    /** The superuser zonky's initdb creates ({@code -U postgres}); tests connect as it. */
    static final String USER = "postgres";
    /** Explicit IPv4 loopback: "localhost" may resolve to ::1 first, which not every machine listens on. */
    static final String HOST = "127.0.0.1";
    private static final String MAINTENANCE_DATABASE = "postgres";
    private static final Duration KILL_GRACE = Duration.ofSeconds(10);
    private static final int LOG_LINES_IN_ERRORS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBackend.class);

    private final ServerFiles files;
    private final int port;
    private final String password;
    private final ServerSettings settings;
    private final Duration startupTimeout;
    private final Duration shutdownTimeout;
    private final PostmasterProcess postmaster;

    private EmbeddedPostgres running; // the zonky instance while the server runs, null while stopped
    private boolean closed;

    private EmbeddedBackend(ServerFiles files, int port, String password, ServerSettings settings,
                            Duration startupTimeout, Duration shutdownTimeout) {
        this.files = files;
        this.port = port;
        this.password = password;
        this.settings = settings;
        this.startupTimeout = startupTimeout;
        this.shutdownTimeout = shutdownTimeout;
        this.postmaster = new PostmasterProcess(files.dataDirectory());
    }

    /** Reserves files and a port for a new server under {@code baseDirectory}; does not start it. */
    static EmbeddedBackend create(Path baseDirectory, String password, ServerSettings settings,
                                  Duration startupTimeout, Duration shutdownTimeout) {
        StaleServerReaper.reap(baseDirectory);
        ServerFiles files = ServerFiles.createUnder(baseDirectory);
        int port = LoopbackPorts.pickFree();
        return new EmbeddedBackend(files, port, password, settings, startupTimeout, shutdownTimeout);
    }

    @Override
    public JdbcUrl defaultUrl() {
        return JdbcUrl.of(HOST, port, MAINTENANCE_DATABASE);
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public boolean ownsServer() {
        return true;
    }

    @Override
    public boolean supportsRestart() {
        return true;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    @Override
    public void start() {
        if (closed) {
            throw new IllegalStateException("The embedded server " + files + " was closed; its data is gone");
        }
        if (running != null) {
            return;
        }
        if (!LoopbackPorts.isFree(port)) {
            throw new PostgresServerException("Cannot start the embedded server on port " + port
                + ": another process took the port while the server was stopped");
        }
        boolean firstStart = !files.isInitialized();
        long began = System.nanoTime();
        try {
            if (firstStart) {
                Files.writeString(files.passwordFile(), password + "\n", StandardCharsets.UTF_8);
            }
            running = zonkyBuilder(firstStart).start();
        } catch (IOException | RuntimeException e) {
            // zonky may have launched a postmaster before giving up waiting for it; do not leave it behind.
            postmaster.terminate(KILL_GRACE);
            throw new PostgresServerException("The embedded PostgreSQL server did not start (" + describe() + ")."
                + " Last lines of the log:" + System.lineSeparator() + files.logTail(LOG_LINES_IN_ERRORS), e);
        } finally {
            ServerFiles.deleteIfExists(files.passwordFile()); // initdb has read it; no need to keep a secret around
        }
        LOG.info("Embedded PostgreSQL {} on port {} in {} ms ({})",
            firstStart ? "initialized and started" : "restarted", port, (System.nanoTime() - began) / 1_000_000, files);
    }

    private EmbeddedPostgres.Builder zonkyBuilder(boolean firstStart) {
        Redirect log = Redirect.appendTo(files.logFile().toFile());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
            .setDataDirectory(files.dataDirectory())
            .setCleanDataDirectory(false)       // a restart must keep the data; close() deletes it
            .setRegisterShutdownHook(false)     // PostgresServer holds one hook for the server's whole life
            .setPort(port)
            .setPGStartupWait(startupTimeout)
            .setOutputRedirector(log)           // initdb, pg_ctl and the server write here, not to the console
            .setErrorRedirector(log)
            .setConnectConfig("password", password); // zonky's own readiness probe connects over TCP
        settings.values().forEach(builder::setServerConfig);
        if (firstStart) {
            builder.setLocaleConfig("pwfile", files.passwordFile().toString())
                // After zonky's "-A trust", so it wins for TCP connections; local socket stays trust.
                .setLocaleConfig("auth-host", "scram-sha-256");
        }
        return builder;
    }

    @Override
    public void stop() {
        if (running == null) {
            return;
        }
        long began = System.nanoTime();
        EmbeddedPostgres instance = running;
        running = null;
        try {
            instance.close(); // pg_ctl stop -m fast: disconnects clients, shutdown checkpoint, releases the port
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the embedded server " + files, e);
        }
        try {
            Poll.until("the postmaster of " + files + " has exited", shutdownTimeout, () -> !postmaster.isAlive());
        } catch (PostgresServerException stillRunning) {
            LOG.warn("Embedded PostgreSQL {} did not shut down within {}; killing it", files, shutdownTimeout);
            postmaster.terminate(KILL_GRACE);
        }
        LOG.info("Embedded PostgreSQL on port {} stopped in {} ms", port, (System.nanoTime() - began) / 1_000_000);
    }

    @Override
    public void crash() {
        if (running == null) {
            return;
        }
        EmbeddedPostgres instance = running;
        running = null;
        postmaster.crash(shutdownTimeout);
        LOG.info("Embedded PostgreSQL on port {} crashed on purpose (immediate shut-down)", port);
        try {
            // Releases zonky's lock on the data directory, which a new instance must take; its pg_ctl stop finds no
            // server any more and only logs that.
            instance.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not release the embedded server " + files + " after its crash", e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            stop();
        } finally {
            closed = true;
            postmaster.terminate(KILL_GRACE); // only acts if something still runs, e.g. after a failed start
            files.deleteAllButLog();
        }
    }

    @Override
    public Optional<Path> dataDirectory() {
        return Optional.of(files.dataDirectory());
    }

    @Override
    public Optional<Path> logFile() {
        return Optional.of(files.logFile());
    }

    @Override
    public String describe() {
        return "embedded PostgreSQL server " + HOST + ":" + port + ", data " + files.dataDirectory()
            + ", log " + files.logFile();
    }
}
