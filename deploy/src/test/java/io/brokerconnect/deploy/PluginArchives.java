package io.brokerconnect.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The component archives this module builds ({@code target/<owner>-<name>-<version>.zip}). */
final class PluginArchives {

    private PluginArchives() {
    }

    static Path source() {
        return archive("plugin.source.archive");
    }

    static Path sink() {
        return archive("plugin.sink.archive");
    }

    /** The archive's root directory name: the file name without ".zip". */
    static String rootName(Path archive) {
        String name = archive.getFileName().toString();
        return name.substring(0, name.length() - ".zip".length());
    }

    /** Unpacks {@code archive} into {@code directory}, as an operator does into a plugin.path entry. */
    static void unpack(Path archive, Path directory) throws IOException {
        Path root = directory.toAbsolutePath().normalize();
        try (InputStream in = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException(archive + " has an entry outside its root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
    }

    private static Path archive(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set: run through Maven "
                + "(mvn -pl deploy verify), which builds the archives and passes their paths");
        }
        Path archive = Path.of(value);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("No archive at " + archive + ": run 'mvn -pl deploy package' first");
        }
        return archive;
    }
}
