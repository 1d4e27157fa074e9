package io.brokerconnect.source.task;

import io.brokerconnect.common.retry.RetryBudget;
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
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single task of the SQLite source connector: resumes from the offsets in Connect's offset store and turns
 * every new row into a record. Failures are never swallowed: a locked database is retried with backoff within
 * {@code retry.max.duration.ms} (each read already waited {@code sqlite.busy.timeout.ms}) and logged at WARN; once that
 * budget is spent, or on any other error, the task fails with a message naming the database and what to do.
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
    private RetryBudget lockedRetry;

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
        lockedRetry = config.lockedDatabaseRetry();
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
        long backoff = lockedRetry.waiting(System.nanoTime());
        if (backoff > 0) {
            stopping.await(backoff, TimeUnit.MILLISECONDS);
            return null;
        }
        List<SourceRecord> records;
        synchronized (databaseLock) {
            if (stopping.getCount() == 0) {
                return null;
            }
            records = readNext();
        }
        if (records == null) {
            return null; // the database is locked: the next poll waits out the backoff
        }
        progressReporter.maybeLog(System.nanoTime());
        if (records.isEmpty()) {
            // Caught up: wait for the broker to write more, but wake at once when the task is stopped.
            stopping.await(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            return null;
        }
        return records;
    }

    /** The next records, or null when the database is locked and the read is to be retried after a backoff. */
    private List<SourceRecord> readNext() {
        List<SourceRecord> records;
        try {
            records = changes.readNext(System.nanoTime());
        } catch (SQLException e) {
            int code = e.getErrorCode() & 0xff;
            if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
                lockedFor(e);
                return null;
            }
            throw new ConnectException("Reading the broker database '" + config.databasePath() + "' failed: "
                + e.getMessage(), e);
        }
        if (lockedRetry.failures() > 0) {
            log.info("Broker database '{}' is readable again after being locked for {} s",
                config.databasePath(), lockedRetry.outage(System.nanoTime()).toSeconds());
            lockedRetry.succeeded();
        }
        return records;
    }

    private void lockedFor(SQLException e) {
        long now = System.nanoTime();
        long backoff = lockedRetry.failed(now);
        long lockedSeconds = lockedRetry.outage(now).toSeconds();
        if (backoff < 0) {
            throw new ConnectException("The broker database '" + config.databasePath() + "' has stayed locked for "
                + lockedSeconds + " s (" + lockedRetry.failures() + " reads, each waiting "
                + SqliteSourceConfig.SQLITE_BUSY_TIMEOUT_CONFIG + "=" + config.sqliteBusyTimeout().toMillis() + "; "
                + SqliteSourceConfig.RETRY_MAX_DURATION_CONFIG + "=" + lockedRetry.maxDuration().toMillis() + "): "
                + e.getMessage() + ". Find the process holding the lock (for example 'fuser -v " + config.databasePath()
                + "'; the broker itself holds its write locks briefly), then restart the task through Connect's REST API "
                + "(POST /connectors/<name>/tasks/0/restart): it resumes from its last offsets.", e);
        }
        log.warn("Broker database '{}' is locked ({}): read {} failed after waiting {} ms; retrying in {} ms "
            + "(locked for {} s of at most {} s)", config.databasePath(), e.getMessage(), lockedRetry.failures(),
            config.sqliteBusyTimeout().toMillis(), backoff, lockedSeconds, lockedRetry.maxDuration().toSeconds());
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
