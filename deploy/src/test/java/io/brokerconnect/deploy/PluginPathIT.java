package io.brokerconnect.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresServer;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.runtime.rest.entities.PluginInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin directories built by this module, loaded by a Connect worker through {@code plugin.path} only (the
 * connectors are not on this test's classpath), move a generated broker database into PostgreSQL.
 */
class PluginPathIT {

    @TempDir
    Path dir;

    @Test
    void pluginDirectoriesLoadAndRunThePipeline() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.brokerconnect.source.SqliteSourceConnector"),
            "the connectors must come from plugin.path, not from the test classpath");
        Path sqlite = dir.resolve("broker.sqlite3");
        generate(sqlite, 3_000);

        try (PostgresServer postgres = PostgresServer.builder().start();
             ConnectCluster cluster = ConnectCluster.builder("plugin-path")
                 .workerProp("plugin.path", System.getProperty("plugin.path")).start()) {
            List<String> plugins = connectorPlugins(cluster);
            assertTrue(plugins.contains("io.brokerconnect.source.SqliteSourceConnector"), plugins.toString());
            assertTrue(plugins.contains("io.brokerconnect.sink.PostgresSinkConnector"), plugins.toString());

            Map<String, String> source = new HashMap<>();
            source.put("connector.class", "io.brokerconnect.source.SqliteSourceConnector");
            source.put("database.path", sqlite.toString());
            source.put("topic.prefix", "pp");
            source.put("key.converter", "io.brokerconnect.common.convert.BrokerJsonConverter");
            source.put("value.converter", "io.brokerconnect.common.convert.BrokerJsonConverter");
            source.put("topic.creation.default.replication.factor", "1");
            source.put("topic.creation.default.partitions", "2");
            cluster.connect().configureConnector("pp-source", source);

            PostgresDatabase db = postgres.createDatabase("plugin_path");
            Map<String, String> sink = new HashMap<>();
            sink.put("connector.class", "io.brokerconnect.sink.PostgresSinkConnector");
            sink.put("topics", "pp.collectors,pp.files,pp.meta");
            sink.put("connection.url", db.jdbcUrl());
            sink.put("connection.user", db.user());
            sink.put("connection.password", db.password());
            sink.put("connection.sslmode", "disable");
            sink.put("value.converter", "io.brokerconnect.common.convert.BrokerJsonConverter");
            sink.put("first.load.caught.up.after.ms", "500");
            cluster.connect().configureConnector("pp-sink", sink);

            Await.until(Duration.ofMinutes(3), () -> count(db, "SELECT count(*) FROM files") == 3_000
                    && count(db, "SELECT count(*) FROM broker_connect_first_load") == 0,
                () -> "3,000 files in PostgreSQL and the first load finished");
            assertEquals(2, count(db, "SELECT count(*) FROM broker_connect_schema_history WHERE success"),
                "Flyway found and applied both migrations inside the plugin's class loader");
            assertEquals(2, count(db, "SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'idx_files_%'"));
        }
    }

    private static List<String> connectorPlugins(ConnectCluster cluster) throws Exception {
        var response = cluster.connect().requestGet(cluster.connect().endpointForResource("connector-plugins"));
        String body = String.valueOf(response.getEntity());
        PluginInfo[] infos = new com.fasterxml.jackson.databind.ObjectMapper().readValue(body, PluginInfo[].class);
        return java.util.Arrays.stream(infos).map(PluginInfo::className).toList();
    }

    private static void generate(Path sqlite, int rows) throws Exception {
        String toolsJar = System.getProperty("tools.jar");
        String classpath = toolsJar + File.pathSeparator + Path.of(toolsJar).resolveSibling("lib") + File.separator + "*";
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
            classpath, "io.brokerconnect.tools.cli.BrokerConnectTools", "generate", "--rows", Integer.toString(rows),
            sqlite.toString()).inheritIO().start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "generator finished");
        assertEquals(0, process.exitValue(), "generator succeeded");
    }

    private static long count(PostgresDatabase db, String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }
}
