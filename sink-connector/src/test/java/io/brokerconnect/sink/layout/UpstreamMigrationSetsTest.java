package io.brokerconnect.sink.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The mrt and broker layouts differ only in names (upstream's own migrate_mrt_api_to_broker.sql is renames only), so
 * their migration sets must too: the mrt set with mrt's names replaced by broker's is the broker set, line for line.
 * Catches a fix made to one set and forgotten in the other.
 */
class UpstreamMigrationSetsTest {

    private static final Path ROOT = Path.of("src/main/resources/io/brokerconnect/sink/upstream");

    @Test
    void mrtSetIsBrokerSetRenamed() throws IOException {
        List<String> broker = names(ROOT.resolve("broker"));
        List<String> mrt = names(ROOT.resolve("mrt"));
        assertEquals(broker, mrt.stream().map(n -> n.replace("mrt_catalog", "broker_catalog")).toList());
        for (int i = 0; i < broker.size(); i++) {
            String brokerSql = read(ROOT.resolve("broker").resolve(broker.get(i)));
            String renamed = read(ROOT.resolve("mrt").resolve(mrt.get(i)))
                .replace("mrt layout", "broker layout")
                .replace("bgpkit-broker v0.12.1", "bgpkit-broker f80b9a4")
                .replace("CREATE SCHEMA IF NOT EXISTS mrt;\nCREATE SCHEMA IF NOT EXISTS api;\n",
                    "CREATE SCHEMA IF NOT EXISTS broker;\n")
                .replace("api.mrt_file_search", "broker.file_search_view")
                .replace("api.mrt_file_latest", "broker.file_latest_view")
                .replace("mrt.", "broker.")
                .replace("mrt_file_", "broker_file_")
                .replace("mrt_update_meta", "broker_update_meta")
                .replace("from an earlier layout", "from the mrt layout");
            assertEquals(brokerSql, renamed, mrt.get(i) + " is not " + broker.get(i) + " renamed");
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
