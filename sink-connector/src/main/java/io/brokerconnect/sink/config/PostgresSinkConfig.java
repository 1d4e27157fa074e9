package io.brokerconnect.sink.config;

import io.brokerconnect.common.retry.RetryBudget;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import java.util.Optional;

/** Configuration of the PostgreSQL sink connector and its tasks, with typed accessors. */
public class PostgresSinkConfig extends AbstractConfig {

    private static final String GROUP_CONNECTION = "Connection";
    private static final String GROUP_SCHEMA = "Schema";
    private static final String GROUP_WRITES = "Writes";
    private static final String GROUP_RETRIES = "Retries";

    public static final String CONNECTION_URL_CONFIG = "connection.url";
    private static final String CONNECTION_URL_DOC = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/bgpkit_broker. "
        + "When empty, the URL is built from the environment variables BROKER_DATABASE_HOST (default localhost), "
        + "BROKER_DATABASE_PORT (default 5432) and BROKER_DATABASE of the Connect worker, as the broker does.";

    public static final String CONNECTION_USER_CONFIG = "connection.user";
    private static final String CONNECTION_USER_DOC = "Database user. When empty, BROKER_DATABASE_USERNAME.";

    public static final String CONNECTION_PASSWORD_CONFIG = "connection.password";
    private static final String CONNECTION_PASSWORD_DOC = "Database password (a secret: never logged; use a config "
        + "provider such as ${file:/secrets/pg.properties:password}). When empty, BROKER_DATABASE_PASSWORD.";

    public static final String CONNECTION_SSLMODE_CONFIG = "connection.sslmode";
    private static final String CONNECTION_SSLMODE_DOC = "SSL mode: disable, allow, prefer, require, verify-ca or "
        + "verify-full. When empty, BROKER_DATABASE_SSLMODE, else require (the spec's default).";

    public static final String TARGET_LAYOUT_CONFIG = "target.layout";
    private static final String TARGET_LAYOUT_DOC = "The catalog layout to write. spec: the migration specification's "
        + "schema (enums, collectors, files, latest, meta) in the schema of the 'schema' setting. broker: the layout "
        + "upstream's broker main reads (tables and views in schema broker). mrt: the layout released broker v0.12.x "
        + "reads (tables in schema mrt, views in schema api). The upstream layouts keep sizes of 0 as 0 and keep the "
        + "sink's bookkeeping in bookkeeping.schema.";
    public static final String TARGET_LAYOUT_DEFAULT = LayoutName.SPEC.configValue();

    public static final String BOOKKEEPING_SCHEMA_CONFIG = "bookkeeping.schema";
    private static final String BOOKKEEPING_SCHEMA_DOC = "With target.layout broker or mrt: the schema of the sink's "
        + "own tables (migration history, first-load record, applied-blocks ledger), created if missing; never the "
        + "broker's schema. The spec layout keeps them in its own schema.";
    public static final String BOOKKEEPING_SCHEMA_DEFAULT = LayoutName.BOOKKEEPING_SCHEMA_DEFAULT;

    public static final String SCHEMA_CONFIG = "schema";
    private static final String SCHEMA_DOC = "Target PostgreSQL schema of the spec layout (the spec's --schema), "
        + "created if missing. When empty, BROKER_DATABASE_SCHEMA, else public. Must be a plain identifier; it is "
        + "always quoted. The upstream layouts' schema is fixed (broker, mrt): leave this empty or set it to that name.";

    public static final String SCHEMA_MANAGEMENT_CONFIG = "schema.management";
    private static final String SCHEMA_MANAGEMENT_DOC = "migrate: apply pending versioned migrations at task start "
        + "(each in a transaction, serialised across tasks and workers, refusing to run if an applied migration "
        + "changed; a schema created by the spec's own scripts is adopted). validate: only check that all are "
        + "applied and unchanged. none: do not touch the schema.";
    public static final String SCHEMA_MANAGEMENT_DEFAULT = "migrate";

    public static final String SIZES_ZERO_AS_NULL_CONFIG = "sizes.zero.as.null";
    private static final String SIZES_ZERO_AS_NULL_DOC = "Spec layout: write file sizes of 0 (unknown in the broker) "
        + "as NULL, the spec's rule. Set to false to keep 0. The upstream layouts always keep 0 (their sizes are NOT "
        + "NULL), so true is refused with them when set explicitly.";

    public static final String FIRST_LOAD_DEFER_INDEXES_CONFIG = "first.load.defer.indexes";
    private static final String FIRST_LOAD_DEFER_INDEXES_DOC = "When a task starts on an empty files table (and "
        + "schema.management=migrate), drop the files table's secondary indexes and foreign key, load, and rebuild and "
        + "validate them once the load has caught up, as bulk loaders do; several times faster than maintaining them "
        + "per row. See first.load.defer.primary.key for the primary key.";

    public static final String FIRST_LOAD_DEFER_PRIMARY_KEY_CONFIG = "first.load.defer.primary.key";
    private static final String FIRST_LOAD_DEFER_PRIMARY_KEY_DOC = "Spec layout, with first.load.defer.indexes: "
        + "also drop the files primary key during a first load (unless another table's foreign key references it), "
        + "so that large batches are COPYed straight into files. A record delivered twice during the load (a task "
        + "restart) is then stored twice until the rebuild removes the copies and adds the key back; files is "
        + "insert-if-absent again from then on. Set to false when anything else writes files during the first load "
        + "(such as the broker dual-writing) or readers need the key meanwhile: the key then stays and writes are "
        + "idempotent throughout, at the price of a slower load. The upstream layouts always keep their key.";

    public static final String FIRST_LOAD_IDLE_CONFIG = "first.load.caught.up.after.ms";
    private static final String FIRST_LOAD_IDLE_DOC = "The first load counts as caught up (and the deferred indexes and "
        + "foreign key are rebuilt) once a task that has written a batch of at least 100 records receives only "
        + "smaller ones for this long. A task that has only had smaller batches (the collectors before the files "
        + "arrive, or a very small database) waits five times this long after its last record.";
    public static final long FIRST_LOAD_IDLE_DEFAULT = 2_000L;

    public static final String REPLAY_SKIP_APPLIED_CONFIG = "replay.skip.applied.blocks";
    private static final String REPLAY_SKIP_APPLIED_DOC = "Record, with each batch, a fingerprint of every block of "
        + "128 files-topic offsets it completes, and skip the files of a block received again with the same "
        + "fingerprint (a replay) instead of probing the primary key for each: a replay then runs at about the speed "
        + "Connect reads the topic. Deleting or truncating files, latest or collectors, renaming a collector or "
        + "moving a latest row back to an older file invalidates every recorded block (a trigger), so a replay after "
        + "any of these writes everything again and restores what is missing. Set to false to probe every row on "
        + "every replay.";

    public static final String COMMIT_WHEN_IDLE_CONFIG = "commit.when.idle.ms";
    private static final String COMMIT_WHEN_IDLE_DOC = "When no more records arrive for this long after a put() that "
        + "wrote some (a backlog is drained, or the broker's next update has not come yet), ask Connect to commit the "
        + "offsets of what is written now (SinkTaskContext.requestCommit) rather than at the worker's next "
        + "offset.flush.interval.ms (60 s by default), so that committed offsets, and the progress and parity tools "
        + "that read them, follow the writes closely. Everything put() returned from is already durable, so an early "
        + "commit is always safe. 0 leaves commits to the worker's interval.";
    public static final long COMMIT_WHEN_IDLE_DEFAULT = 200L;

    public static final String BATCH_SIZE_CONFIG = "batch.size";
    private static final String BATCH_SIZE_DOC = "Maximum records written in one transaction. Bounds memory; records "
        + "handed to one put() are split into batches of this size (with replay.skip.applied.blocks, up to 127 more so "
        + "that a batch ends on a block boundary). Set consumer.override.max.poll.records to the same value so that "
        + "batches are full.";
    public static final int BATCH_SIZE_DEFAULT = 10_000;

    public static final String LOCK_TIMEOUT_CONFIG = "lock.timeout.ms";
    private static final String LOCK_TIMEOUT_DOC = "lock_timeout of the sink's sessions (0 = none). Keep it well "
        + "below PostgreSQL's deadlock_timeout (1 s by default; the task warns if it is not): when a sink batch and one "
        + "of the broker's own dual-write statements wait for each other's files rows, PostgreSQL aborts whichever "
        + "side's deadlock check runs first; the sink must be the side that gives up first (it retries the batch) "
        + "before the broker's check, which starts one deadlock_timeout after the broker began to wait.";
    public static final long LOCK_TIMEOUT_DEFAULT = 250L;

    public static final String RETRY_MAX_DURATION_CONFIG = "retry.max.duration.ms";
    private static final String RETRY_MAX_DURATION_DOC = "How long the task keeps retrying while PostgreSQL fails "
        + "with transient errors (connection refused or reset, server starting up or restarting, too many "
        + "connections, serialization failure, deadlock, lock timeout), counted from the first failure of an outage: "
        + "long enough for a crash recovery or a managed database's failover. Every path that touches PostgreSQL "
        + "(batch writes, the first-load wait and index rebuild, schema management when a task starts) retries within "
        + "it, on a fresh connection, with exponential backoff; calls that find the backoff still running are not "
        + "attempts. When it is spent the task fails, naming the database; nothing is lost (offsets only cover what "
        + "was written), and a restarted task resumes.";
    public static final long RETRY_MAX_DURATION_DEFAULT = 600_000L;

    public static final String MAX_RETRIES_CONFIG = "max.retries";
    private static final String MAX_RETRIES_DOC = "Optional cap on the number of retries of one outage, on top of "
        + "retry.max.duration.ms (whichever comes first). -1 (the default) means no cap: the time budget decides. "
        + "Configurations that set it keep working; to tolerate outages by their length, remove it and set "
        + "retry.max.duration.ms.";
    public static final int MAX_RETRIES_DEFAULT = -1;

    public static final String RETRY_BACKOFF_CONFIG = "retry.backoff.ms";
    private static final Duration RETRY_BACKOFF_MAX = Duration.ofSeconds(30);
    private static final String RETRY_BACKOFF_DOC = "First backoff before a retry; it doubles on each further retry, "
        + "up to " + RETRY_BACKOFF_MAX.toSeconds() + " seconds, and never runs past the end of retry.max.duration.ms.";
    public static final long RETRY_BACKOFF_DEFAULT = 1_000L;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(CONNECTION_URL_CONFIG, Type.STRING, "", Importance.HIGH, CONNECTION_URL_DOC,
            GROUP_CONNECTION, 1, Width.LONG, "JDBC URL")
        .define(CONNECTION_USER_CONFIG, Type.STRING, "", Importance.HIGH, CONNECTION_USER_DOC,
            GROUP_CONNECTION, 2, Width.MEDIUM, "User")
        .define(CONNECTION_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH, CONNECTION_PASSWORD_DOC,
            GROUP_CONNECTION, 3, Width.MEDIUM, "Password")
        .define(CONNECTION_SSLMODE_CONFIG, Type.STRING, "", emptyOr(ConfigDef.CaseInsensitiveValidString.in(SslMode.names())),
            Importance.MEDIUM, CONNECTION_SSLMODE_DOC, GROUP_CONNECTION, 4, Width.SHORT, "SSL mode")
        .define(TARGET_LAYOUT_CONFIG, Type.STRING, TARGET_LAYOUT_DEFAULT,
            ConfigDef.CaseInsensitiveValidString.in(LayoutName.configValues().toArray(String[]::new)), Importance.HIGH,
            TARGET_LAYOUT_DOC, GROUP_SCHEMA, 0, Width.SHORT, "Target layout")
        .define(SCHEMA_CONFIG, Type.STRING, "", identifier(), Importance.MEDIUM, SCHEMA_DOC,
            GROUP_SCHEMA, 1, Width.MEDIUM, "Schema")
        .define(BOOKKEEPING_SCHEMA_CONFIG, Type.STRING, BOOKKEEPING_SCHEMA_DEFAULT, identifier(), Importance.LOW,
            BOOKKEEPING_SCHEMA_DOC, GROUP_SCHEMA, 3, Width.MEDIUM, "Bookkeeping schema")
        .define(SCHEMA_MANAGEMENT_CONFIG, Type.STRING, SCHEMA_MANAGEMENT_DEFAULT,
            ConfigDef.CaseInsensitiveValidString.in(SchemaManagement.names()), Importance.MEDIUM,
            SCHEMA_MANAGEMENT_DOC, GROUP_SCHEMA, 2, Width.SHORT, "Schema management")
        .define(SIZES_ZERO_AS_NULL_CONFIG, Type.BOOLEAN, true, Importance.LOW, SIZES_ZERO_AS_NULL_DOC,
            GROUP_WRITES, 1, Width.SHORT, "Sizes of 0 as NULL")
        .define(FIRST_LOAD_DEFER_INDEXES_CONFIG, Type.BOOLEAN, true, Importance.LOW, FIRST_LOAD_DEFER_INDEXES_DOC,
            GROUP_WRITES, 3, Width.SHORT, "Defer indexes during a first load")
        .define(FIRST_LOAD_DEFER_PRIMARY_KEY_CONFIG, Type.BOOLEAN, true, Importance.LOW,
            FIRST_LOAD_DEFER_PRIMARY_KEY_DOC, GROUP_WRITES, 4, Width.SHORT, "Defer the primary key during a first load")
        .define(FIRST_LOAD_IDLE_CONFIG, Type.LONG, FIRST_LOAD_IDLE_DEFAULT, Range.between(0L, 3_600_000L),
            Importance.LOW, FIRST_LOAD_IDLE_DOC, GROUP_WRITES, 5, Width.SHORT, "First load caught up after (ms)")
        .define(REPLAY_SKIP_APPLIED_CONFIG, Type.BOOLEAN, true, Importance.LOW, REPLAY_SKIP_APPLIED_DOC,
            GROUP_WRITES, 6, Width.SHORT, "Skip blocks already applied")
        .define(COMMIT_WHEN_IDLE_CONFIG, Type.LONG, COMMIT_WHEN_IDLE_DEFAULT, Range.between(0L, 3_600_000L),
            Importance.LOW, COMMIT_WHEN_IDLE_DOC, GROUP_WRITES, 7, Width.SHORT, "Commit when idle for (ms)")
        .define(BATCH_SIZE_CONFIG, Type.INT, BATCH_SIZE_DEFAULT, Range.between(1, 1_000_000), Importance.MEDIUM,
            BATCH_SIZE_DOC, GROUP_WRITES, 2, Width.SHORT, "Batch size")
        .define(LOCK_TIMEOUT_CONFIG, Type.LONG, LOCK_TIMEOUT_DEFAULT, Range.between(0L, 3_600_000L), Importance.LOW,
            LOCK_TIMEOUT_DOC, GROUP_RETRIES, 0, Width.SHORT, "Lock timeout (ms)")
        .define(RETRY_MAX_DURATION_CONFIG, Type.LONG, RETRY_MAX_DURATION_DEFAULT, Range.between(0L, 86_400_000L),
            Importance.MEDIUM, RETRY_MAX_DURATION_DOC, GROUP_RETRIES, 1, Width.SHORT, "Retry for at most (ms)")
        .define(MAX_RETRIES_CONFIG, Type.INT, MAX_RETRIES_DEFAULT, Range.atLeast(-1), Importance.LOW, MAX_RETRIES_DOC,
            GROUP_RETRIES, 3, Width.SHORT, "Max retries")
        .define(RETRY_BACKOFF_CONFIG, Type.LONG, RETRY_BACKOFF_DEFAULT, Range.between(0L, 600_000L), Importance.LOW,
            RETRY_BACKOFF_DOC, GROUP_RETRIES, 2, Width.SHORT, "Retry backoff (ms)");

    private final Map<String, String> environment;

    public PostgresSinkConfig(Map<String, String> props) {
        this(props, System.getenv());
    }

    public PostgresSinkConfig(Map<String, String> props, Map<String, String> environment) {
        super(CONFIG_DEF, props);
        this.environment = environment;
    }

    /** The resolved connection; throws IllegalArgumentException saying what is missing. */
    public ConnectionSettings connection() {
        return ConnectionSettings.resolve(getString(CONNECTION_URL_CONFIG), getString(CONNECTION_USER_CONFIG),
            getPassword(CONNECTION_PASSWORD_CONFIG), getString(CONNECTION_SSLMODE_CONFIG), getString(SCHEMA_CONFIG),
            environment);
    }

    public LayoutName layoutName() {
        return LayoutName.parse(getString(TARGET_LAYOUT_CONFIG));
    }

    public Identifier bookkeepingSchema() {
        String bookkeeping = getString(BOOKKEEPING_SCHEMA_CONFIG);
        return new Identifier(bookkeeping.isEmpty() ? BOOKKEEPING_SCHEMA_DEFAULT : bookkeeping);
    }

    /** What in the settings contradicts the chosen layout, if anything (for validate() and start). */
    public Optional<String> layoutConflict() {
        LayoutName name = layoutName();
        Optional<String> fixed = name.fixedDataSchema();
        if (fixed.isEmpty()) {
            return Optional.empty();
        }
        String schema = getString(SCHEMA_CONFIG);
        if (!name.acceptsSchema(schema)) {
            return Optional.of(SCHEMA_CONFIG + "=" + schema + " does not apply to " + TARGET_LAYOUT_CONFIG + "="
                + name.configValue() + ", whose tables are in schema " + fixed.get() + " (the broker reads them "
                + "there): leave " + SCHEMA_CONFIG + " empty");
        }
        if (originals().containsKey(SIZES_ZERO_AS_NULL_CONFIG) && getBoolean(SIZES_ZERO_AS_NULL_CONFIG)) {
            return Optional.of(SIZES_ZERO_AS_NULL_CONFIG + "=true does not apply to " + TARGET_LAYOUT_CONFIG + "="
                + name.configValue() + ": its sizes are NOT NULL and 0 stays 0 (as upstream's importer stores them); "
                + "remove the setting");
        }
        String bookkeeping = getString(BOOKKEEPING_SCHEMA_CONFIG);
        if (!name.acceptsBookkeepingSchema(bookkeeping)) {
            return Optional.of(BOOKKEEPING_SCHEMA_CONFIG + "=" + bookkeeping + " is the broker's own schema; the "
                + "sink's bookkeeping must live elsewhere (default " + BOOKKEEPING_SCHEMA_DEFAULT + ")");
        }
        return Optional.empty();
    }

    public SchemaManagement schemaManagement() {
        return SchemaManagement.parse(getString(SCHEMA_MANAGEMENT_CONFIG));
    }

    /** The spec's rule for sizes of 0; always false for the upstream layouts. */
    public boolean sizesZeroAsNull() {
        return getBoolean(SIZES_ZERO_AS_NULL_CONFIG) && layoutName() == LayoutName.SPEC;
    }

    public boolean firstLoadDeferIndexes() {
        return getBoolean(FIRST_LOAD_DEFER_INDEXES_CONFIG) && schemaManagement() == SchemaManagement.MIGRATE;
    }

    public boolean firstLoadDeferPrimaryKey() {
        return getBoolean(FIRST_LOAD_DEFER_PRIMARY_KEY_CONFIG);
    }

    public Duration firstLoadCaughtUpAfter() {
        return Duration.ofMillis(getLong(FIRST_LOAD_IDLE_CONFIG));
    }

    public boolean replaySkipApplied() {
        return getBoolean(REPLAY_SKIP_APPLIED_CONFIG);
    }

    /** Zero when commits are left to the worker's offset.flush.interval.ms. */
    public Duration commitWhenIdle() {
        return Duration.ofMillis(getLong(COMMIT_WHEN_IDLE_CONFIG));
    }

    public int batchSize() {
        return getInt(BATCH_SIZE_CONFIG);
    }

    public Duration retryMaxDuration() {
        return Duration.ofMillis(getLong(RETRY_MAX_DURATION_CONFIG));
    }

    /** Negative: no cap on the number of retries. */
    public int maxRetries() {
        return getInt(MAX_RETRIES_CONFIG);
    }

    public Duration lockTimeout() {
        return Duration.ofMillis(getLong(LOCK_TIMEOUT_CONFIG));
    }

    public Duration retryBackoff() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_CONFIG));
    }

    /** A fresh budget for transient PostgreSQL failures, from the three retry settings. */
    public RetryBudget retryBudget() {
        return new RetryBudget(retryMaxDuration(), retryBackoff(), RETRY_BACKOFF_MAX, maxRetries());
    }

    public Password password() {
        return getPassword(CONNECTION_PASSWORD_CONFIG);
    }

    private static ConfigDef.Validator emptyOr(ConfigDef.Validator validator) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null && !((String) value).isEmpty()) {
                    validator.ensureValid(name, value);
                }
            }

            @Override
            public String toString() {
                return "empty or " + validator;
            }
        };
    }

    private static ConfigDef.Validator identifier() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                String text = (String) value;
                if (text != null && !text.isEmpty() && !Identifier.isValid(text)) {
                    throw new ConfigException(name, value, "must be a plain PostgreSQL identifier: a letter or "
                        + "underscore followed by up to 62 letters, digits or underscores");
                }
            }

            @Override
            public String toString() {
                return "empty or a plain PostgreSQL identifier";
            }
        };
    }
}
