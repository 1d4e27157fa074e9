package io.brokerconnect.source;

import io.brokerconnect.source.config.SqliteSourceConfig;
import io.brokerconnect.source.offset.TableOffset;
import io.brokerconnect.source.sqlite.AppendOnlyTable;
import io.brokerconnect.source.sqlite.BrokerSchemaCheck;
import io.brokerconnect.source.task.SqliteSourceTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Connect source connector for a BGPKIT Broker SQLite database. A single SQLite file is read by a single
 * task, whatever {@code tasks.max} says: one reader keeps the order and the offsets simple, and SQLite serves
 * reads far faster than one task can produce records.
 */
public class SqliteSourceConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(SqliteSourceConnector.class);
    static final List<AppendOnlyTable> OFFSET_TABLES = List.of(AppendOnlyTable.FILES, AppendOnlyTable.META);

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        SqliteSourceConfig config = new SqliteSourceConfig(props);
        Optional<String> problem = BrokerSchemaCheck.problemWith(config.databasePath(), config.sqliteBusyTimeout());
        if (problem.isPresent()) {
            throw new ConnectException(SqliteSourceConfig.DATABASE_PATH_CONFIG + ": " + problem.get());
        }
        this.props = Map.copyOf(props);
        log.info("Starting SQLite source connector for '{}'", config.databasePath());
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SqliteSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if (maxTasks > 1) {
            log.info("tasks.max is {}, but one SQLite database is read by exactly one task", maxTasks);
        }
        return List.of(props);
    }

    @Override
    public void stop() {
        // Nothing to release: the connector itself holds no connection.
    }

    @Override
    public ConfigDef config() {
        return SqliteSourceConfig.CONFIG_DEF;
    }

    /** Adds to ConfigDef's checks the ones that need the file: exists, is SQLite, has the broker's tables. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        ConfigValue pathValue = find(config, SqliteSourceConfig.DATABASE_PATH_CONFIG);
        ConfigValue busyValue = find(config, SqliteSourceConfig.SQLITE_BUSY_TIMEOUT_CONFIG);
        if (pathValue.errorMessages().isEmpty() && pathValue.value() != null) {
            Duration busy = busyValue.errorMessages().isEmpty() && busyValue.value() != null
                ? Duration.ofMillis((Long) busyValue.value())
                : Duration.ofMillis(SqliteSourceConfig.SQLITE_BUSY_TIMEOUT_DEFAULT);
            BrokerSchemaCheck.problemWith(Path.of((String) pathValue.value()), busy)
                .ifPresent(pathValue::addErrorMessage);
        }
        return config;
    }

    /**
     * Offsets are derived only from the database (rowid and key of the last row read), and the worker commits
     * them in the same transaction as the records when exactly-once source support is enabled, so a restart
     * neither loses nor repeats a row.
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /** Checks offsets given through the REST API; whether a rowid is valid for the file is the task's check. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            try {
                AppendOnlyTable table = TableOffset.tableOf(entry.getKey(), OFFSET_TABLES);
                TableOffset.fromMap(table, entry.getValue());
            } catch (IllegalArgumentException e) {
                throw new ConnectException("Invalid offset: " + e.getMessage()
                    + ". Expected partition {\"v\": 1, \"table\": \"files\" or \"meta\"} and offset {\"rowid\": N} "
                    + "(optionally with the key.* values of the row at that rowid), or null to reset.", e);
            }
        }
        return true;
    }

    private static ConfigValue find(Config config, String name) {
        return config.configValues().stream().filter(v -> v.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalStateException("ConfigDef lacks " + name));
    }
}
