package io.brokerconnect.cli.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What {@code bin/broker-connect} runs carries no test code: neither the launcher's lib directory nor its jar's
 * manifest class path names a test jar, JUnit, opentest4j, Kafka's test kits or broker-connect's own test kit.
 */
class LauncherClassPathIT {

    private static final Pattern TEST_CODE = Pattern.compile(
        ".*(-tests?\\.jar|junit|opentest4j|kafka-test-common|broker-connect-testkit).*");

    @Test
    void theLaunchersClassPathHoldsNoTestCode() throws Exception {
        List<String> lib;
        try (Stream<Path> files = Files.list(Path.of("target", "lib"))) {
            lib = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertTrue(lib.stream().anyMatch(n -> n.startsWith("kafka_2.13-")), "the real Kafka server is there: " + lib);
        assertEquals(List.of(), lib.stream().filter(n -> TEST_CODE.matcher(n).matches()).toList(), "in target/lib");

        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(f -> f.getFileName().toString().matches("broker-connect-cli-[^-]+(-SNAPSHOT)?\\.jar"))
                .findFirst().orElseThrow();
        }
        try (JarFile launcher = new JarFile(jar.toFile())) {
            String classPath = launcher.getManifest().getMainAttributes().getValue("Class-Path");
            assertEquals(List.of(), Arrays.stream(classPath.split(" "))
                .filter(n -> TEST_CODE.matcher(n).matches()).toList(), "in the manifest's Class-Path");
            System.out.printf("[classpath] launcher: %d jars%n", classPath.split(" ").length);
        }
    }
}
