package io.brokerconnect.source.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.source.SqliteSourceConnector;
import io.brokerconnect.testkit.connect.ConnectCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config validation through Connect's REST endpoint PUT /connector-plugins/{class}/config/validate. */
class SourceConfigValidationIT {

    private static ConnectCluster cluster;

    @TempDir
    static Path dir;
    private static Path goodDatabase;

    @BeforeAll
    static void start() throws Exception {
        cluster = ConnectCluster.builder("validate").start();
        goodDatabase = TestDatabases.generate(dir.resolve("good.sqlite3"), 1_000, 0, 9);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void validConfigHasNoErrors() {
        ConfigInfos infos = validate(SourceConnectorHarness.connectorConfig(goodDatabase, "ok"));
        assertEquals(0, infos.errorCount(), () -> errorsOf(infos).toString());
    }

    @Test
    void missingFileIsReportedOnTheDatabasePath() {
        assertErrorOn("database.path", "does not exist", dir.resolve("nope.sqlite3"));
    }

    @Test
    void fileThatIsNotSqliteIsReported() throws Exception {
        Path text = Files.writeString(dir.resolve("readme.txt"), "hello, this is not a database at all");
        assertErrorOn("database.path", "not an SQLite database", text);
    }

    @Test
    void sqliteWithoutTheBrokerTablesIsReported() throws Exception {
        Path other = dir.resolve("other.sqlite3");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE unrelated (x INTEGER)");
        }
        assertErrorOn("database.path", "Not a BGPKIT Broker database", other);
    }

    @Test
    void badValuesAreReportedOnTheirOwnFields() {
        Map<String, String> config = SourceConnectorHarness.connectorConfig(goodDatabase, "ok");
        config.put("topic.prefix", "no spaces allowed");
        config.put("files.since", "last week");
        config.put("batch.max.rows", "-5");
        ConfigInfos infos = validate(config);
        Map<String, List<String>> errors = errorsOf(infos);
        assertTrue(errors.containsKey("topic.prefix"), errors.toString());
        assertTrue(errors.containsKey("files.since"), errors.toString());
        assertTrue(errors.containsKey("batch.max.rows"), errors.toString());
        assertTrue(!errors.containsKey("database.path"), errors.toString());
    }

    private void assertErrorOn(String field, String text, Path database) {
        ConfigInfos infos = validate(SourceConnectorHarness.connectorConfig(database, "bad"));
        List<String> messages = errorsOf(infos).getOrDefault(field, List.of());
        assertTrue(messages.stream().anyMatch(m -> m.contains(text)), field + " errors " + errorsOf(infos));
    }

    private static ConfigInfos validate(Map<String, String> config) {
        config.put("name", "validation-test");
        return cluster.connect().validateConnectorConfig(SqliteSourceConnector.class.getSimpleName(), config);
    }

    private static Map<String, List<String>> errorsOf(ConfigInfos infos) {
        return infos.configs().stream().map(ConfigInfo::configValue)
            .filter(v -> !v.errors().isEmpty())
            .collect(java.util.stream.Collectors.toMap(v -> v.name(), v -> v.errors()));
    }
}
