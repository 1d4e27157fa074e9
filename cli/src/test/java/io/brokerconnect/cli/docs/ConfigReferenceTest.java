package io.brokerconnect.cli.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.brokerconnect.sink.config.PostgresSinkConfig;
import io.brokerconnect.source.config.SqliteSourceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * The committed configuration reference ({@code docs/configuration.md}) is what {@link ConfigReference} renders from
 * the connectors' ConfigDefs. When a doc string, default, validator or key changes, this fails until the file is
 * regenerated ({@link ConfigReference#UPDATE_COMMAND}) and the diff reviewed, as {@code LayoutSqlGoldenTest} does for
 * the layouts' SQL.
 */
class ConfigReferenceTest {

    @Test
    void committedReferenceMatchesTheConfigDefs() throws IOException {
        String rendered = ConfigReference.render();
        Path file = repositoryRoot().resolve(ConfigReference.PATH);
        if (Boolean.getBoolean("config.reference.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, rendered, StandardCharsets.UTF_8);
        }
        if (!Files.exists(file)) {
            fail(ConfigReference.PATH + " does not exist; generate it with\n  " + ConfigReference.UPDATE_COMMAND);
        }
        String committed = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");  // a CRLF checkout
        if (!committed.equals(rendered)) {
            fail(ConfigReference.PATH + " is stale: it differs from what the connectors' ConfigDefs render ("
                + firstDifference(committed, rendered) + "). Regenerate it from the repository root with\n  "
                + ConfigReference.UPDATE_COMMAND + "\nand commit the result after reviewing the diff.");
        }
    }

    @Test
    void everyKeyHasADocAGroupAndAReadableValidator() {
        for (ConfigDef def : List.of(SqliteSourceConfig.CONFIG_DEF, PostgresSinkConfig.CONFIG_DEF)) {
            for (ConfigDef.ConfigKey key : def.configKeys().values()) {
                assertTrue(key.documentation != null && !key.documentation.isBlank(), key.name + " has no doc");
                assertTrue(key.group != null, key.name + " has no group");
                if (key.validator != null) {
                    // Object.toString() would put a hash code into the reference: different on every run.
                    assertFalse(key.validator.toString().matches(".*@[0-9a-f]+$"),
                        key.name + "'s validator needs a toString() saying what is valid: " + key.validator);
                }
            }
        }
    }

    @Test
    void renderingIsStable() {
        assertTrue(ConfigReference.render().equals(ConfigReference.render()));
    }

    /** Tests run in the module directory (cli/); the repository root is its parent. */
    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("cli")) && Files.isDirectory(dir.resolve("sink-connector"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No repository root (with cli/ and sink-connector/) above " + here);
    }

    private static String firstDifference(String committed, String rendered) {
        String[] a = committed.split("\n", -1);
        String[] b = rendered.split("\n", -1);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                return "first at line " + (i + 1) + ": committed \"" + abbreviate(a[i]) + "\", generated \""
                    + abbreviate(b[i]) + "\"";
            }
        }
        return "committed has " + a.length + " lines, generated " + b.length;
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
