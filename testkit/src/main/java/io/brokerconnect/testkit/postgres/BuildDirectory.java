package io.brokerconnect.testkit.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the directory where an embedded server keeps its data directory and log.
 *
 * <p>It should be the module's build directory, so that {@code mvn clean} removes whatever a killed test run left
 * behind and the log of a failed run sits next to the Failsafe reports. Maven runs tests with the module directory as
 * the working directory, hence {@code ./target}. Outside Maven (an IDE run from another directory) the JVM's temporary
 * directory is used instead of creating a stray {@code target} somewhere.
 */
final class BuildDirectory {

    /** Overrides the location, e.g. {@code -Dbroker-connect.test.dir=/some/fast/disk}. */
    static final String PROPERTY = "broker-connect.test.dir";

    private BuildDirectory() {
    }

    static Path resolve() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath();
        }
        Path target = Paths.get(System.getProperty("user.dir"), "target");
        if (Files.isDirectory(target)) {
            return target.toAbsolutePath();
        }
        return Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    }
}
