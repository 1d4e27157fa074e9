package io.brokerconnect.testkit.postgres;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes embedded servers whose owning JVM no longer exists.
 *
 * <p>A test JVM that is killed (Failsafe timeout, Ctrl-C twice, OOM killer) cannot run its shutdown hook, and the
 * daemonized postmaster then keeps running, holding a port and memory, until someone stops it. Each new embedded
 * server first sweeps its base directory for such leftovers, recognised by an owner file whose pid is dead.
 */
final class StaleServerReaper {

    private static final Logger LOG = LoggerFactory.getLogger(StaleServerReaper.class);
    private static final Duration GRACE = Duration.ofSeconds(10);

    private StaleServerReaper() {
    }

    static void reap(Path baseDirectory) {
        if (!Files.isDirectory(baseDirectory)) {
            return;
        }
        try (DirectoryStream<Path> owners =
                 Files.newDirectoryStream(baseDirectory, ServerFiles.PREFIX + "*" + ServerFiles.OWNER_SUFFIX)) {
            for (Path ownerFile : owners) {
                ServerFiles files = ServerFiles.ofOwnerFile(ownerFile);
                if (!ownerIsAlive(files)) {
                    remove(files);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Best effort: a leftover wastes resources but must not fail the test that happens to start next.
            LOG.warn("Could not sweep {} for stale embedded PostgreSQL servers", baseDirectory, e);
        }
    }

    private static boolean ownerIsAlive(ServerFiles files) {
        // Unknown counts as alive: the file may be being written by another JVM right now; not ours to judge.
        return files.ownerIsRunning().orElse(true);
    }

    private static void remove(ServerFiles files) {
        LOG.info("Removing embedded PostgreSQL server {} left behind by a JVM that no longer runs", files);
        new PostmasterProcess(files.dataDirectory()).terminate(GRACE);
        files.deleteAllButLog();
    }
}
