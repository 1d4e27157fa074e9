package io.brokerconnect.source.config;

import io.brokerconnect.common.model.TopicNames;
import io.brokerconnect.common.retry.RetryBudget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of the SQLite source connector and its (single) task, with typed accessors. */
public class SqliteSourceConfig extends AbstractConfig {

    private static final String GROUP_DATABASE = "Database";
    private static final String GROUP_TOPICS = "Topics";
    private static final String GROUP_READING = "Reading";
    private static final String GROUP_MONITORING = "Monitoring";

    public static final String DATABASE_PATH_CONFIG = "database.path";
    private static final String DATABASE_PATH_DOC = "Path of the BGPKIT Broker SQLite database file, as seen by the "
        + "Connect worker. It is opened read-only: the connector never writes, never changes the journal mode and "
        + "keeps each read transaction short so the broker's WAL checkpoints are not held back. Validation reports "
        + "a missing file, a file that is not SQLite, or a database without the broker's tables on this setting.";

    public static final String SQLITE_BUSY_TIMEOUT_CONFIG = "sqlite.busy.timeout.ms";
    private static final String SQLITE_BUSY_TIMEOUT_DOC = "How long one read waits for a lock held by another "
        + "process (a VACUUM, a writer in exclusive locking mode, a database not in WAL mode) before it fails and is "
        + "retried within retry.max.duration.ms.";
    public static final long SQLITE_BUSY_TIMEOUT_DEFAULT = 5_000L;

    public static final String RETRY_MAX_DURATION_CONFIG = "retry.max.duration.ms";
    private static final String RETRY_MAX_DURATION_DOC = "How long the task keeps retrying while the database stays "
        + "locked (every read fails after waiting sqlite.busy.timeout.ms), counted from the first failed read, with "
        + "backoff between reads. When it is spent the task fails, naming the database; nothing is lost (offsets "
        + "only cover what was emitted) and a restarted task resumes where it stopped.";
    public static final long RETRY_MAX_DURATION_DEFAULT = 600_000L;
    private static final Duration RETRY_FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration RETRY_MAX_BACKOFF = Duration.ofSeconds(10);

    public static final String TOPIC_PREFIX_CONFIG = "topic.prefix";
    private static final String TOPIC_PREFIX_DOC = "Prefix of the topics written: <prefix>.collectors, <prefix>.files, "
        + "<prefix>.meta and <prefix>.errors (damaged source rows with the reason).";
    public static final String TOPIC_PREFIX_DEFAULT = "broker";

    public static final String SOURCE_HEADER_ENABLE_CONFIG = "source.header.enable";
    private static final String SOURCE_HEADER_ENABLE_DOC = "Whether every record carries the header 'broker.source' = "
        + "'<table>:<rowid>', the SQLite row it came from (diagnostics only: nothing reads it). Connect converts every "
        + "header of every record on both sides, which costs about a tenth of the pipeline's CPU per record; the "
        + "quickstart turns it off.";
    public static final boolean SOURCE_HEADER_ENABLE_DEFAULT = true;

    public static final String POLL_INTERVAL_CONFIG = "poll.interval.ms";
    private static final String POLL_INTERVAL_DOC = "How long the task waits before looking for new rows again once it "
        + "has caught up with the database.";
    public static final long POLL_INTERVAL_DEFAULT = 200L;

    public static final String BATCH_MAX_ROWS_CONFIG = "batch.max.rows";
    private static final String BATCH_MAX_ROWS_DOC = "Maximum rows read from one table in one poll (one short read "
        + "transaction). Bounds the task's memory whatever the table size.";
    public static final int BATCH_MAX_ROWS_DEFAULT = 10_000;

    public static final String FILES_SINCE_CONFIG = "files.since";
    private static final String FILES_SINCE_DOC = "Lower time bound for files: 'all' (default), a number of days before "
        + "the task starts (like the migration's --days N), a UTC date YYYY-MM-DD or an ISO-8601 instant. Older files "
        + "are read but not emitted. Collectors and meta are always emitted in full.";
    public static final String FILES_SINCE_DEFAULT = FilesSince.ALL;

    public static final String COLLECTORS_REFRESH_INTERVAL_CONFIG = "collectors.refresh.interval.ms";
    private static final String COLLECTORS_REFRESH_INTERVAL_DOC = "How often the collectors and types tables are re-read; "
        + "a collector record is emitted when a row is new or changed. A file naming an unknown collector also "
        + "triggers an immediate re-read.";
    public static final long COLLECTORS_REFRESH_INTERVAL_DEFAULT = 60_000L;

    public static final String PROGRESS_LOG_INTERVAL_CONFIG = "progress.log.interval.ms";
    private static final String PROGRESS_LOG_INTERVAL_DOC = "Minimum time between progress log lines (rows emitted, "
        + "total, rate, ETA per table) while the task is catching up. The same figures are task metrics.";
    public static final long PROGRESS_LOG_INTERVAL_DEFAULT = 5_000L;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(DATABASE_PATH_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
            Importance.HIGH, DATABASE_PATH_DOC, GROUP_DATABASE, 1, Width.LONG, "SQLite database path")
        .define(SQLITE_BUSY_TIMEOUT_CONFIG, Type.LONG, SQLITE_BUSY_TIMEOUT_DEFAULT, Range.between(0L, 600_000L),
            Importance.LOW, SQLITE_BUSY_TIMEOUT_DOC, GROUP_DATABASE, 2, Width.SHORT, "SQLite busy timeout (ms)")
        .define(RETRY_MAX_DURATION_CONFIG, Type.LONG, RETRY_MAX_DURATION_DEFAULT, Range.between(0L, 86_400_000L),
            Importance.MEDIUM, RETRY_MAX_DURATION_DOC, GROUP_DATABASE, 3, Width.SHORT, "Locked database budget (ms)")
        .define(TOPIC_PREFIX_CONFIG, Type.STRING, TOPIC_PREFIX_DEFAULT, Validators.topicPrefix(),
            Importance.HIGH, TOPIC_PREFIX_DOC, GROUP_TOPICS, 1, Width.MEDIUM, "Topic prefix")
        .define(SOURCE_HEADER_ENABLE_CONFIG, Type.BOOLEAN, SOURCE_HEADER_ENABLE_DEFAULT, Importance.LOW,
            SOURCE_HEADER_ENABLE_DOC, GROUP_TOPICS, 2, Width.SHORT, "Source row header")
        .define(POLL_INTERVAL_CONFIG, Type.LONG, POLL_INTERVAL_DEFAULT, Range.between(10L, 3_600_000L),
            Importance.MEDIUM, POLL_INTERVAL_DOC, GROUP_READING, 1, Width.SHORT, "Poll interval (ms)")
        .define(BATCH_MAX_ROWS_CONFIG, Type.INT, BATCH_MAX_ROWS_DEFAULT, Range.between(1, 1_000_000),
            Importance.MEDIUM, BATCH_MAX_ROWS_DOC, GROUP_READING, 2, Width.SHORT, "Max rows per batch")
        .define(FILES_SINCE_CONFIG, Type.STRING, FILES_SINCE_DEFAULT, Validators.filesSince(),
            Importance.MEDIUM, FILES_SINCE_DOC, GROUP_READING, 3, Width.MEDIUM, "Files since")
        .define(COLLECTORS_REFRESH_INTERVAL_CONFIG, Type.LONG, COLLECTORS_REFRESH_INTERVAL_DEFAULT,
            Range.between(100L, 86_400_000L), Importance.LOW, COLLECTORS_REFRESH_INTERVAL_DOC, GROUP_READING, 4,
            Width.SHORT, "Collector refresh interval (ms)")
        .define(PROGRESS_LOG_INTERVAL_CONFIG, Type.LONG, PROGRESS_LOG_INTERVAL_DEFAULT, Range.between(100L, 3_600_000L),
            Importance.LOW, PROGRESS_LOG_INTERVAL_DOC, GROUP_MONITORING, 1, Width.SHORT, "Progress log interval (ms)");

    public SqliteSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public Path databasePath() {
        return Path.of(getString(DATABASE_PATH_CONFIG));
    }

    public Duration sqliteBusyTimeout() {
        return Duration.ofMillis(getLong(SQLITE_BUSY_TIMEOUT_CONFIG));
    }

    public Duration retryMaxDuration() {
        return Duration.ofMillis(getLong(RETRY_MAX_DURATION_CONFIG));
    }

    /** A fresh budget for a database that stays locked: time-bounded, no count limit. */
    public RetryBudget lockedDatabaseRetry() {
        return new RetryBudget(retryMaxDuration(), RETRY_FIRST_BACKOFF, RETRY_MAX_BACKOFF, -1);
    }

    public TopicNames topics() {
        return new TopicNames(getString(TOPIC_PREFIX_CONFIG));
    }

    public boolean sourceHeaderEnabled() {
        return getBoolean(SOURCE_HEADER_ENABLE_CONFIG);
    }

    public Duration pollInterval() {
        return Duration.ofMillis(getLong(POLL_INTERVAL_CONFIG));
    }

    public int batchMaxRows() {
        return getInt(BATCH_MAX_ROWS_CONFIG);
    }

    public FilesSince filesSince() {
        return FilesSince.parse(getString(FILES_SINCE_CONFIG));
    }

    public Duration collectorsRefreshInterval() {
        return Duration.ofMillis(getLong(COLLECTORS_REFRESH_INTERVAL_CONFIG));
    }

    public Duration progressLogInterval() {
        return Duration.ofMillis(getLong(PROGRESS_LOG_INTERVAL_CONFIG));
    }
}
