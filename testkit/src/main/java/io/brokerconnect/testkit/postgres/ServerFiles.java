package io.brokerconnect.testkit.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The files of one embedded server, all named {@code pg-<id>...} in one base directory:
 * <ul>
 *   <li>{@code pg-<id>/} the data directory, deleted on close;</li>
 *   <li>{@code pg-<id>.log} initdb's and the server's output, kept after close so a failed run can be diagnosed;</li>
 *   <li>{@code pg-<id>.owner} process id and start time of the JVM that owns the server, so that a later run can
 *       recognise and remove a server whose JVM was killed before it could clean up (see {@link StaleServerReaper});
 *       </li>
 *   <li>{@code pg-<id>.pwfile} the superuser password, read by initdb and deleted right after.</li>
 * </ul>
 * Keeping the log and bookkeeping outside the data directory matters: initdb insists on an empty data directory, and
 * the log must survive the deletion of the data.
 */
final class ServerFiles {

    static final String PREFIX = "pg-";
    static final String OWNER_SUFFIX = ".owner";

    private final Path dataDirectory;
    private final Path logFile;
    private final Path ownerFile;
    private final Path passwordFile;

    private ServerFiles(Path baseDirectory, String name) {
        this.dataDirectory = baseDirectory.resolve(name);
        this.logFile = baseDirectory.resolve(name + ".log");
        this.ownerFile = baseDirectory.resolve(name + OWNER_SUFFIX);
        this.passwordFile = baseDirectory.resolve(name + ".pwfile");
    }

    /** Reserves a new random name under {@code baseDirectory} and records this JVM as its owner. */
    static ServerFiles createUnder(Path baseDirectory) {
        String name = PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ServerFiles files = new ServerFiles(baseDirectory, name);
        try {
            Files.createDirectories(baseDirectory);
            ProcessHandle self = ProcessHandle.current();
            long started = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            Files.writeString(files.ownerFile, self.pid() + " " + started, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the files of an embedded server in " + baseDirectory, e);
        }
        return files;
    }

    /** The files that belong to the owner file {@code ownerFile} (found by scanning a base directory). */
    static ServerFiles ofOwnerFile(Path ownerFile) {
        String fileName = ownerFile.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - OWNER_SUFFIX.length());
        return new ServerFiles(ownerFile.getParent(), name);
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    Path logFile() {
        return logFile;
    }

    Path ownerFile() {
        return ownerFile;
    }

    Path passwordFile() {
        return passwordFile;
    }

    /**
     * Whether the JVM recorded as owner still runs; empty when the owner file is missing or unreadable (e.g. being
     * written right now). The recorded start time tells the owner apart from a later process that reuses its pid.
     */
    Optional<Boolean> ownerIsRunning() {
        try {
            String[] fields = Files.readString(ownerFile, StandardCharsets.US_ASCII).trim().split(" ");
            long pid = Long.parseLong(fields[0]);
            long started = fields.length > 1 ? Long.parseLong(fields[1]) : 0L;
            if (!ProcessTable.isRunning(pid)) {
                return Optional.of(false);
            }
            boolean samePid = started == 0L || ProcessTable.startInstant(pid)
                .map(instant -> Math.abs(instant.toEpochMilli() - started) < 1000)
                .orElse(true);
            return Optional.of(samePid);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** True once initdb has created a cluster here, i.e. a start must not run initdb again. */
    boolean isInitialized() {
        return Files.exists(dataDirectory.resolve("PG_VERSION"));
    }

    /** The last {@code lines} lines of the log, for failure messages; empty when there is no log yet. */
    String logTail(int lines) {
        try {
            // ISO-8859-1 maps every byte, so a stray non-UTF-8 byte in the log cannot hide the rest of it.
            List<String> all = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Deletes everything but the log. */
    void deleteAllButLog() {
        deleteRecursively(dataDirectory);
        deleteIfExists(passwordFile);
        deleteIfExists(ownerFile);
    }

    static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + file, e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // removed meanwhile, e.g. a temp file of the server
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the data directory " + root, e);
        }
    }

    @Override
    public String toString() {
        return dataDirectory.toString();
    }
}
