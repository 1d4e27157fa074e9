package io.brokerconnect.sink.task;

import io.brokerconnect.common.retry.RetryBudget;
import io.brokerconnect.sink.Version;
import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.config.PostgresSinkConfig;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.layout.TargetLayouts;
import io.brokerconnect.sink.replay.BlockPlan;
import io.brokerconnect.sink.replay.ReplaySkipping;
import io.brokerconnect.sink.schema.FirstLoadIndexes;
import io.brokerconnect.sink.write.BatchWriter;
import io.brokerconnect.sink.write.RecordRouter;
import io.brokerconnect.sink.write.RoutedBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies broker records to PostgreSQL. Each batch is one transaction; {@link #preCommit} hands Connect only the
 * offsets of records whose transaction committed (or that went to the dead-letter queue), so a crash never skips
 * a record. Transient failures are retried by Connect after {@code context.timeout}, on a fresh connection.
 */
public class PostgresSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(PostgresSinkTask.class);

    /**
     * The first load counts as caught up once this task, having written records, has gone
     * {@code first.load.caught.up.after.ms} without a put() of at least {@link #BULK_PUT_RECORDS} records: during catch-up every poll returns thousands of records, while
     * a consumer that has caught up hands over small or empty batches (Connect calls put() with none when idle). A
     * single small put is not enough: right after start, polls return small batches too (e.g. just the collectors).
     */
    private static final int BULK_PUT_RECORDS = 100;

    private final Map<TopicPartition, OffsetAndMetadata> written = new HashMap<>();
    private PostgresSinkConfig config;
    private SinkSession session;
    private BatchWriter writer;
    private RecordRouter router;
    private RejectedRecordHandler rejectedHandler;
    private RetryBudget retry;
    private ConnectionSettings settings;
    /** Until it has run once: schema management and first-load preparation (see {@link SinkStartup}). */
    private SinkStartup startup;
    private IdleCommit idleCommit;
    private ReplaySkipping replay;
    private FirstLoadIndexes firstLoad;
    private boolean firstLoadPending;
    private boolean wroteRecords;
    private long lastBulkPutNanos = System.nanoTime();

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new PostgresSinkConfig(props);
        TargetLayout layout;
        try {
            settings = config.connection();
            layout = TargetLayouts.of(config);
        } catch (IllegalArgumentException e) {
            throw new ConnectException(e.getMessage(), e);
        }
        PostgresConnections connections = new PostgresConnections(settings, "broker-connect-sink");
        session = new SinkSession(connections, config.lockTimeout());
        writer = new BatchWriter(layout);
        router = new RecordRouter(layout);
        rejectedHandler = new RejectedRecordHandler(errantRecordReporter(), props);
        retry = config.retryBudget();
        idleCommit = new IdleCommit(config.commitWhenIdle());
        startup = new SinkStartup(config, layout, connections);
        log.info("PostgreSQL sink writing the {} through {} in batches of up to {}", layout, settings, config.batchSize());
        try {
            finishStartup();
        } catch (RetriableException e) {
            // PostgreSQL is unreachable: put() tries again, within the retry budget, before it writes anything.
            log.warn("Schema management and first-load preparation wait for PostgreSQL: {}", e.getMessage());
        }
    }

    /** Runs {@link SinkStartup} unless it has succeeded; a transient failure spends the retry budget like a write. */
    private void finishStartup() {
        if (startup == null) {
            return;
        }
        try {
            SinkStartup.Result result = startup.run(session);
            firstLoad = result.firstLoad();
            firstLoadPending = result.firstLoadPending();
            replay = result.replaySkipping() ? new ReplaySkipping() : null;
            startup = null;
            retry.succeeded();
        } catch (SQLException e) {
            throw failure(e, "schema management and first-load preparation");
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        long backoff = retry.waiting(System.nanoTime());
        if (backoff > 0) {
            // Connect polled again before the backoff was over (an offset commit, a rebalance): not an attempt.
            context.timeout(backoff);
            throw new RetriableException("Still backing off for " + backoff + " ms after " + retry.failures()
                + " failed attempt(s) to reach PostgreSQL (" + settings.jdbcUrl() + ")");
        }
        finishStartup();
        List<SinkRecord> all = records instanceof List<SinkRecord> list ? list : new ArrayList<>(records);
        if (firstLoadPending && !all.isEmpty()) {
            waitWhileAnotherTaskRebuilds();
        }
        for (int from = 0, to; from < all.size(); from = to) {
            to = replay == null ? Math.min(all.size(), from + config.batchSize())
                : replay.batchEnd(all, from, config.batchSize());
            List<SinkRecord> chunk = all.subList(from, to);
            writeChunk(chunk);
            markWritten(chunk);
        }
        long now = System.nanoTime();
        if (all.size() >= BULK_PUT_RECORDS) {
            lastBulkPutNanos = now;
        }
        if (firstLoadPending && wroteRecords && now - lastBulkPutNanos >= config.firstLoadCaughtUpAfter().toNanos()) {
            finishFirstLoad();
        }
        wroteRecords |= !all.isEmpty();
        capNextPoll(idleCommit.afterPut(!all.isEmpty(), context), now);
    }

    /**
     * Connect waits in poll() until the worker's next offset commit (60 s by default) when no records come; a put()
     * with none is needed on time for the idle commit and for noticing that a first load has caught up.
     */
    private void capNextPoll(long idleCommitMillis, long now) {
        long cap = idleCommitMillis;
        if (firstLoadPending && wroteRecords) {
            // Until the check is due; once due (another task was rebuilding), again after a caught-up period (>= 1 s).
            long caughtUpAfter = config.firstLoadCaughtUpAfter().toMillis();
            long remaining = caughtUpAfter - (now - lastBulkPutNanos) / 1_000_000;
            long caughtUpCheck = remaining > 0 ? remaining + 1 : Math.max(caughtUpAfter, 1_000);
            cap = cap == 0 ? caughtUpCheck : Math.min(cap, caughtUpCheck);
        }
        if (cap > 0) {
            context.timeout(cap);
        }
    }

    private void waitWhileAnotherTaskRebuilds() {
        try {
            firstLoad.waitWhileAnotherTaskRebuilds(connection());
        } catch (SQLException e) {
            throw failure(e, "waiting for the first-load index rebuild");
        }
    }

    private void finishFirstLoad() {
        try {
            firstLoadPending = !firstLoad.rebuildIfDeferred(connection());
            retry.succeeded();
        } catch (SQLException e) {
            throw failure(e, "the first-load index rebuild");
        }
    }

    private void writeChunk(List<SinkRecord> chunk) {
        RoutedBatch batch = router.route(chunk);
        batch.rejected().forEach(rejectedHandler::handle);
        BlockPlan plan = replay == null ? null : replay.plan(chunk, batch);
        if (!batch.hasWrites()) {
            if (plan != null) {
                replay.batchWritten(plan);
            }
            return;
        }
        try {
            writer.write(connection(), batch, plan);
            if (plan != null) {
                replay.batchWritten(plan);
            }
            retry.succeeded();
        } catch (SQLException e) {
            if (SqlErrors.isBadData(e)) {
                if (replay != null) {
                    replay.batchWrittenUnplanned(chunk);
                }
                log.warn("A batch of {} records was refused by PostgreSQL ({}); writing them one by one to find "
                    + "the bad record(s)", chunk.size(), e.getMessage());
                writeOneByOne(chunk);
                return;
            }
            throw failure(e, describe(chunk));
        }
    }

    private void writeOneByOne(List<SinkRecord> chunk) {
        for (SinkRecord record : chunk) {
            RoutedBatch single = router.route(List.of(record));
            if (!single.hasWrites()) {
                continue; // rejected records of this chunk were already handled
            }
            try {
                writer.write(connection(), single);
            } catch (SQLException e) {
                if (!SqlErrors.isBadData(e)) {
                    throw failure(e, describe(chunk));
                }
                rejectedHandler.handle(new RoutedBatch.Rejected(record, "PostgreSQL refused it: " + e.getMessage(), e));
            }
        }
        retry.succeeded();
    }

    /** A transient failure becomes a retry (until the retries run out); anything else fails the task. */
    private static String describe(List<SinkRecord> chunk) {
        SinkRecord first = chunk.get(0);
        return chunk.size() + " records from " + first.topic() + "-" + first.kafkaPartition() + "@" + first.kafkaOffset();
    }

    private RuntimeException failure(SQLException e, String where) {
        closeConnection();
        if (!SqlErrors.isTransient(e)) {
            return new ConnectException("Writing " + where + " to PostgreSQL failed: " + e.getMessage(), e);
        }
        long now = System.nanoTime();
        long backoff = retry.failed(now);
        long outageSeconds = retry.outage(now).toSeconds();
        if (backoff < 0) {
            return new ConnectException("PostgreSQL at " + settings.jdbcUrl() + " failed every attempt at " + where
                + " for " + outageSeconds + " s (" + retry.failures() + " attempts; "
                + PostgresSinkConfig.RETRY_MAX_DURATION_CONFIG + "=" + retry.maxDuration().toMillis()
                + (config.maxRetries() >= 0 ? ", " + PostgresSinkConfig.MAX_RETRIES_CONFIG + "=" + config.maxRetries()
                : "") + "); the task stops. Nothing is lost: offsets are committed only for what was written. When "
                + "the database is reachable again, restart the task (POST /connectors/<name>/tasks/<id>/restart), "
                + "or allow longer outages with " + PostgresSinkConfig.RETRY_MAX_DURATION_CONFIG + ". Last error: "
                + e.getMessage(), e);
        }
        log.warn("Transient failure {} (attempt {}, failing for {} s of at most {} s), retrying in {} ms on a new "
            + "connection: {}", where, retry.failures(), outageSeconds, retry.maxDuration().toSeconds(), backoff,
            e.getMessage());
        context.timeout(Math.max(1, backoff));
        return new RetriableException("Transient PostgreSQL failure: " + e.getMessage(), e);
    }

    private void markWritten(List<SinkRecord> chunk) {
        // Records of one partition arrive in offset order, and a poll returns them in runs per partition: one
        // TopicPartition and one merge per run rather than per record.
        int runStart = 0;
        for (int i = 1; i <= chunk.size(); i++) {
            if (i == chunk.size() || !samePartition(chunk.get(i), chunk.get(runStart))) {
                SinkRecord last = chunk.get(i - 1);
                written.merge(new TopicPartition(last.originalTopic(), last.originalKafkaPartition()),
                    new OffsetAndMetadata(last.originalKafkaOffset() + 1), (a, b) -> a.offset() >= b.offset() ? a : b);
                runStart = i;
            }
        }
    }

    private static boolean samePartition(SinkRecord a, SinkRecord b) {
        return a.originalKafkaPartition().equals(b.originalKafkaPartition()) && a.originalTopic().equals(b.originalTopic());
    }

    /** Only offsets of committed batches: Connect must never commit past data not durably written. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        idleCommit.committing();
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (TopicPartition partition : currentOffsets.keySet()) {
            OffsetAndMetadata offset = written.get(partition);
            if (offset != null) {
                commit.put(partition, offset);
            }
        }
        return commit;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        partitions.forEach(written::remove);
        if (replay != null) {
            replay.forget(partitions);
        }
    }

    @Override
    public void stop() {
        if (replay != null) {
            log.info("Skipped {} files whose blocks PostgreSQL already held", replay.skippedFiles());
        }
        closeConnection();
    }

    private Connection connection() throws SQLException {
        return session.connection();
    }

    private void closeConnection() {
        if (session != null) { // null when start() failed before connecting
            session.close();
        }
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null;
        }
    }
}
