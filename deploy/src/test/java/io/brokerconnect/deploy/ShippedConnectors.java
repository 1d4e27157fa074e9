package io.brokerconnect.deploy;

import io.brokerconnect.deploy.DeployFiles.ConnectorFile;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The shipped connector files (connect/*.json) with only the machine-specific values replaced, as an operator
 * deploys them: everything the tests exercise (batching, retries, first load, exactly-once) is the shipped value.
 */
final class ShippedConnectors {

    private ShippedConnectors() {
    }

    /** connect/source-connector.json, reading {@code sqlite}. */
    static ConnectorFile source(Path sqlite) {
        ConnectorFile shipped = DeployFiles.restConnector(DeployedConfigTest.SOURCE_JSON);
        Map<String, String> config = new LinkedHashMap<>(shipped.config());
        config.put("database.path", sqlite.toString());
        return new ConnectorFile(shipped.name(), config);
    }

    /**
     * connect/sink-connector.json, writing {@code db}; the password comes through the file config provider from a
     * secrets file written into {@code dir}.
     */
    static ConnectorFile sink(PostgresDatabase db, Path dir) throws IOException {
        ConnectorFile shipped = DeployFiles.restConnector(DeployedConfigTest.SINK_JSON);
        Properties password = new Properties();
        password.setProperty("password", db.password());
        Path secrets = dir.resolve("postgres.properties");
        try (var out = Files.newBufferedWriter(secrets)) {
            password.store(out, null);
        }
        Map<String, String> config = new LinkedHashMap<>(shipped.config());
        config.put("connection.url", db.jdbcUrl());
        config.put("connection.user", db.user());
        config.put("connection.password", "${file:" + secrets + ":password}");
        config.put("connection.sslmode", "disable");  // the test server has no certificate
        return new ConnectorFile(shipped.name(), config);
    }
}
