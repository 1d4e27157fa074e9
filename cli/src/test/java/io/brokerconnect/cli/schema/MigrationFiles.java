package io.brokerconnect.cli.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The sink's versioned migrations as files in the source tree (tests run in the cli module directory), read
 * independently of Flyway so that the tests keep working when a migration is added.
 */
record MigrationFiles(String version, String description) {

    private static final Path DIRECTORY = Path.of("..", "sink-connector", "src", "main", "resources", "io",
        "brokerconnect", "sink", "migration");
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(.+)\\.sql");

    /** All migrations, by version. */
    static List<MigrationFiles> all() throws IOException {
        List<MigrationFiles> migrations = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            for (Path file : files.toList()) {
                Matcher matcher = NAME.matcher(file.getFileName().toString());
                if (matcher.matches()) {
                    migrations.add(new MigrationFiles(matcher.group(1), matcher.group(2).replace('_', ' ')));
                }
            }
        }
        migrations.sort(Comparator.comparingInt(m -> Integer.parseInt(m.version())));
        if (migrations.size() < 2 || !migrations.get(0).version().equals("1")) {
            throw new IllegalStateException("expected V1, V2, ... in " + DIRECTORY.toAbsolutePath() + ": "
                + migrations);
        }
        return migrations;
    }

    static String latestVersion() throws IOException {
        List<MigrationFiles> all = all();
        return all.get(all.size() - 1).version();
    }

    /** {@code apply V1 (broker schema); apply V2 (...)} for the migrations from {@code fromIndex} on. */
    static String applySteps(int fromIndex) throws IOException {
        List<MigrationFiles> all = all();
        List<String> steps = new ArrayList<>();
        for (MigrationFiles migration : all.subList(fromIndex, all.size())) {
            steps.add("apply V" + migration.version() + " (" + migration.description() + ")");
        }
        return String.join("; ", steps);
    }
}
