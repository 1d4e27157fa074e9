package io.brokerconnect.source.task;

import io.brokerconnect.source.Version;
import io.brokerconnect.source.config.SqliteSourceConfig;
import io.brokerconnect.source.offset.TableOffset;
import io.brokerconnect.source.progress.ProgressReporter;
import io.brokerconnect.source.progress.SourceTaskMetrics;
import io.brokerconnect.source.sqlite.AppendOnlyTable;
import io.brokerconnect.source.sqlite.BrokerDatabase;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single task of the SQLite source connector: resumes from the offsets in Connect's offset store and turns
 * every new row into a record. Failures are never swallowed: a busy database is retried by the framework
 * ({@link RetriableException}), anything else fails the task with a message naming the database.
 */
public class SqliteSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(SqliteSourceTask.class);

    /** SQLite primary result codes that mean "try again": SQLITE_BUSY and SQLITE_LOCKED. */
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    private final Clock clock;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Object databaseLock = new Object();
    private SqliteSourceConfig config;
    private BrokerDatabase database;
    private BrokerChangeReader changes;
    private ProgressReporter progressReporter;
    private SourceTaskMetrics metrics;

    public SqliteSourceTask() {
        this(Clock.systemUTC());
    }

    SqliteSourceTask(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new SqliteSourceConfig(props);
        TableOffset filesStart = storedOffset(AppendOnlyTable.FILES);
        TableOffset metaStart = storedOffset(AppendOnlyTable.META);
        try {
            database = BrokerDatabase.openReadOnly(config.databasePath(), config.sqliteBusyTimeout());
        } catch (SQLException e) {
            throw new ConnectException("Cannot open the broker database '" + config.databasePath() + "' read-only: "
                + e.getMessage() + ". Check " + SqliteSourceConfig.DATABASE_PATH_CONFIG + " and file permissions.", e);
        }
        long now = System.nanoTime();
        changes = new BrokerChangeReader(database, config, filesStart, metaStart, clock, now);
        progressReporter = new ProgressReporter(changes.progress(), config.progressLogInterval(), now);
        metrics = SourceTaskMetrics.register(pluginMetrics(), changes.progress(), System::nanoTime);
        log.info("Reading broker database '{}' into topics with prefix '{}': files from {}, meta from {}, files since {}",
            config.databasePath(), config.topics().prefix(), filesStart, metaStart, config.filesSince());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<SourceRecord> records;
        synchronized (databaseLock) {
            if (stopping.getCount() == 0) {
                return null;
            }
            records = readNext();
        }
        progressReporter.maybeLog(System.nanoTime());
        if (records.isEmpty()) {
            // Caught up: wait for the broker to write more, but wake at once when the task is stopped.
            stopping.await(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            return null;
        }
        return records;
    }

    private List<SourceRecord> readNext() {
        try {
            return changes.readNext(System.nanoTime());
        } catch (SQLException e) {
            int code = e.getErrorCode() & 0xff;
            if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
                throw new RetriableException("Broker database '" + config.databasePath() + "' is busy ("
                    + e.getMessage() + "); the read will be retried", e);
            }
            throw new ConnectException("Reading the broker database '" + config.databasePath() + "' failed: "
                + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        stopping.countDown();
        synchronized (databaseLock) {
            if (metrics != null) {
                metrics.close();
            }
            if (database != null) {
                try {
                    database.close();
                } catch (SQLException e) {
                    log.warn("Closing the broker database '{}' failed", config.databasePath(), e);
                }
                database = null;
            }
        }
    }

    private TableOffset storedOffset(AppendOnlyTable table) {
        OffsetStorageReader reader = context.offsetStorageReader();
        Map<String, Object> stored = reader.offset(TableOffset.partition(table));
        try {
            return TableOffset.fromMap(table, stored).orElse(TableOffset.start());
        } catch (IllegalArgumentException e) {
            throw new ConnectException("The stored offset of table '" + table.name() + "' is invalid: " + e.getMessage()
                + ". Fix or reset it with the Connect REST offsets API (PATCH/DELETE /connectors/<name>/offsets).", e);
        }
    }

    private PluginMetrics pluginMetrics() {
        try {
            return context.pluginMetrics();
        } catch (NoSuchMethodError | NoClassDefFoundError | UnsupportedOperationException e) {
            log.info("This Connect worker predates plugin metrics (KIP-877); progress is logged only");
            return null;
        }
    }
}
