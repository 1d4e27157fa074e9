package io.brokerconnect.testkit.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A server whose JVM died is stopped and deleted by the next server started in the same directory. */
class StaleServerReaperIT {

    @Test
    void serverOfADeadJvmIsRemoved() throws Exception {
        Path base = BuildDirectory.resolve().resolve("reaper-it");
        try (PostgresServer orphan = PostgresServer.builder().ignoreEnvironment().baseDirectory(base).start()) {
            Path data = orphan.dataDirectory().orElseThrow();
            PostmasterProcess postmaster = new PostmasterProcess(data);
            assertTrue(postmaster.isAlive());
            pretendTheOwnerDied(base, data);

            StaleServerReaper.reap(base);

            Poll.until("the orphaned postmaster is gone", Duration.ofSeconds(30), () -> !postmaster.isAlive());
            assertFalse(Files.exists(data), data + " should be deleted");
        }
    }

    @Test
    void serverOfALiveJvmIsLeftAlone() {
        Path base = BuildDirectory.resolve().resolve("reaper-it");
        try (PostgresServer ours = PostgresServer.builder().ignoreEnvironment().baseDirectory(base).start()) {
            StaleServerReaper.reap(base);

            assertTrue(new PostmasterProcess(ours.dataDirectory().orElseThrow()).isAlive());
        }
    }

    /** Records as owner the pid of a process that has exited, as a killed test JVM would have. */
    private static void pretendTheOwnerDied(Path base, Path data) throws Exception {
        Process shortLived = new ProcessBuilder("true").start();
        assumeTrue(shortLived.waitFor() == 0);
        Path owner = base.resolve(data.getFileName() + ServerFiles.OWNER_SUFFIX);
        Files.writeString(owner, Long.toString(shortLived.pid()));
    }
}
