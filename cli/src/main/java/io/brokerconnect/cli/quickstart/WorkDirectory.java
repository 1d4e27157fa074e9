package io.brokerconnect.cli.quickstart;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Properties;

/**
 * Everything a quickstart run keeps, in one directory: Kafka's log directory (topics, the worker's configs and
 * offsets), the local PostgreSQL's data and binaries, the generated sample, secrets, the log and the verify reports,
 * plus a record of what the run migrates, so that a run started again resumes only the same migration. Nothing of a
 * run is written anywhere else.
 */
final class WorkDirectory {

    private static final String RUN_RECORD = "quickstart-run.properties";

    private final Path root;

    WorkDirectory(Path root) {
        this.root = root.toAbsolutePath();
    }

    Path root() {
        return root;
    }

    Path kafka() {
        return root.resolve("kafka");
    }

    Path postgres() {
        return root.resolve("postgres");
    }

    Path sample() {
        return root.resolve("broker-sample.sqlite3");
    }

    Path log() {
        return root.resolve("broker-connect.log");
    }

    /** Scratch files of libraries that would otherwise use the system's temporary directory. */
    Path tmp() {
        return root.resolve("tmp");
    }

    /** True when an earlier run left Kafka data here. */
    boolean holdsARun() {
        return Files.exists(kafka().resolve("meta.properties"));
    }

    /** What the earlier run migrated, as {@link #recordRun} wrote it. */
    Optional<String> recordedRun() {
        Path file = root.resolve(RUN_RECORD);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.ofNullable(properties.getProperty("migration"));
    }

    void recordRun(String migration) {
        Properties properties = new Properties();
        properties.setProperty("migration", migration);
        try (Writer writer = Files.newBufferedWriter(root.resolve(RUN_RECORD))) {
            properties.store(writer, "What this work directory's quickstart migrates; --fresh starts over");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets the earlier run: Kafka's data, the local PostgreSQL's data, the sample and the record. */
    void clearRun() {
        delete(kafka());
        delete(postgres().resolve("data"));
        delete(sample());
        delete(root.resolve(RUN_RECORD));
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + path, e);
        }
    }
}
