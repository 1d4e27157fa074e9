package io.brokerconnect.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The component archives built in the package phase (hence an IT: Failsafe runs after packaging): Confluent Hub
 * layout, manifest, exactly the jars each connector needs and none the worker provides, and the service-loader
 * manifests through which Connect 3.6+ discovers plugins without scanning every class.
 */
class PluginArchiveIT {

    private static final String VERSION = System.getProperty("project.version");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /**
     * Jars that must never be in a plugin's lib/: the worker provides them to every plugin, and a plugin's own copy
     * is either ignored (Connect loads org.apache.kafka.* and org.slf4j.* from the worker) or clashes with the
     * worker's (Jackson databind and its modules register themselves through service loaders).
     */
    private static final List<String> WORKER_PROVIDED = List.of("kafka-", "connect-", "slf4j-", "log4j-", "logback-",
        "jackson-databind-", "jackson-annotations-", "jackson-datatype-", "jackson-module-", "jackson-dataformat-");

    @Test
    void sourceArchive() throws IOException {
        checkArchive(PluginArchives.source(), "broker-sqlite-source", "source",
            List.of("broker-connect-common", "broker-connect-source", "jackson-core", "sqlite-jdbc"),
            "broker-connect-source", "org.apache.kafka.connect.source.SourceConnector",
            "io.brokerconnect.source.SqliteSourceConnector", "broker-connect-source.properties",
            List.of("source-connector.json", "source-connector.properties"));
    }

    @Test
    void sinkArchive() throws IOException {
        checkArchive(PluginArchives.sink(), "broker-postgres-sink", "sink",
            List.of("broker-connect-common", "broker-connect-sink", "checker-qual", "flyway-core",
                "flyway-database-cockroachdb", "flyway-database-postgresql", "jackson-core", "postgresql"),
            "broker-connect-sink", "org.apache.kafka.connect.sink.SinkConnector",
            "io.brokerconnect.sink.PostgresSinkConnector", "broker-connect-sink.properties",
            List.of("sink-connector.json", "sink-connector-broker-layout.json", "sink-connector.properties"));
    }

    /** target/plugins holds the same files, unpacked, for mounting as a plugin.path entry (compose). */
    @Test
    void pluginDirectoriesMatchTheArchives() throws IOException {
        Path plugins = Path.of(System.getProperty("plugin.source.archive")).resolveSibling("plugins");
        for (Path archive : List.of(PluginArchives.source(), PluginArchives.sink())) {
            Set<String> inZip = new TreeSet<>();
            try (ZipFile zip = new ZipFile(archive.toFile())) {
                zip.stream().filter(e -> !e.isDirectory()).forEach(e -> inZip.add(e.getName()));
            }
            Set<String> onDisk = new TreeSet<>();
            Path root = plugins.resolve(PluginArchives.rootName(archive));
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile)
                    .forEach(f -> onDisk.add(plugins.relativize(f).toString().replace('\\', '/')));
            }
            assertEquals(inZip, onDisk, root.toString());
        }
    }

    private static void checkArchive(Path archive, String componentName, String componentType, List<String> libs,
        String connectorJar, String service, String connectorClass, String versionResource, List<String> etc)
        throws IOException {
        String root = PluginArchives.rootName(archive);
        assertEquals("brokerconnect-" + componentName + "-" + VERSION, root, "<owner>-<name>-<version>");
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertTrue(names.stream().allMatch(n -> n.startsWith(root + "/")), "one root directory: " + names);

            JsonNode manifest = DeployFiles.JSON.readTree(read(zip, root + "/manifest.json"));
            assertEquals(componentName, manifest.get("name").asText());
            assertEquals(VERSION, manifest.get("version").asText());
            assertEquals("brokerconnect", manifest.at("/owner/username").asText());
            assertTrue(manifest.at("/owner/name").isTextual());
            assertTrue(manifest.get("title").asText().length() > 10);
            assertTrue(manifest.get("description").asText().length() > 100);
            assertEquals(componentType, manifest.at("/component_types/0").asText());
            assertEquals(1, manifest.get("component_types").size());
            assertTrue(manifest.at("/features/kafka_connect_api").asBoolean());
            assertTrue(manifest.get("requirements").size() > 0);
            assertTrue(DATE.matcher(manifest.get("release_date").asText()).matches(), manifest.toString());
            assertTrue(manifest.toString().indexOf("${") < 0, "unfiltered placeholder in " + manifest);

            List<String> jars = names.stream().filter(n -> n.startsWith(root + "/lib/"))
                .map(n -> n.substring((root + "/lib/").length())).filter(n -> !n.isEmpty()).sorted().toList();
            assertEquals(libs, jars.stream().map(PluginArchiveIT::artifactId).toList(), "lib/ of " + root);
            for (String jar : jars) {
                assertTrue(WORKER_PROVIDED.stream().noneMatch(jar::startsWith), jar + " is provided by the worker");
            }
            for (String file : List.of("doc/README.md", "doc/DEPLOY.md")) {
                assertNotNull(zip.getEntry(root + "/" + file), file);
            }
            for (String file : etc) {
                assertNotNull(zip.getEntry(root + "/etc/" + file), "etc/" + file);
            }

            String connector = jars.stream().filter(j -> j.startsWith(connectorJar + "-")).findFirst().orElseThrow();
            try (JarFile jar = nestedJar(zip, root + "/lib/" + connector)) {
                assertEquals(List.of(connectorClass), serviceEntries(jar, service),
                    "Connect discovers the connector through this service-loader manifest");
                Properties version = new Properties();
                version.load(jar.getInputStream(jar.getEntry(versionResource)));
                assertEquals(VERSION, version.getProperty("version"), "the version the connector reports");
            }
            String common = jars.stream().filter(j -> j.startsWith("broker-connect-common-")).findFirst().orElseThrow();
            try (JarFile jar = nestedJar(zip, root + "/lib/" + common)) {
                assertEquals(List.of("io.brokerconnect.common.convert.BrokerJsonConverter",
                    "io.brokerconnect.common.convert.BrokerBinaryConverter"),
                    serviceEntries(jar, "org.apache.kafka.connect.storage.Converter"));
            }
        }
    }

    /** "flyway-core-13.12.0.jar" -> "flyway-core": the name up to the first dash followed by a digit. */
    private static String artifactId(String jar) {
        return jar.replaceFirst("-\\d.*\\.jar$", "");
    }

    private static List<String> serviceEntries(JarFile jar, String service) throws IOException {
        ZipEntry entry = jar.getEntry("META-INF/services/" + service);
        assertNotNull(entry, jar.getName() + " lacks META-INF/services/" + service);
        List<String> classes = new ArrayList<>();
        try (InputStream in = jar.getInputStream(entry)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.replaceFirst("#.*", "").trim();
                if (!trimmed.isEmpty()) {
                    classes.add(trimmed);
                }
            }
        }
        return classes;
    }

    private static String read(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        assertNotNull(entry, name);
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A jar inside the archive, copied out so that JarFile can read it. */
    private static JarFile nestedJar(ZipFile zip, String name) throws IOException {
        Path copy = Files.createTempFile("plugin-archive-", ".jar");
        copy.toFile().deleteOnExit();
        try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return new JarFile(copy.toFile());
    }
}
