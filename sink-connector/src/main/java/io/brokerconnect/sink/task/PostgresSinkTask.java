package io.brokerconnect.sink.task;

import io.brokerconnect.sink.Version;
import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.config.PostgresSinkConfig;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.layout.TargetLayouts;
import io.brokerconnect.sink.replay.ReplayFilter;
import io.brokerconnect.sink.schema.FirstLoadIndexes;
import io.brokerconnect.sink.write.BatchWriter;
import io.brokerconnect.sink.write.RecordRouter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
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

    private final WrittenOffsets written = new WrittenOffsets();
    private PostgresSinkConfig config;
    private SinkSession session;
    private ChunkApplier applier;
    private PostgresFailures failures;
    private ConnectionSettings settings;
    /** Until it has run once: schema management and first-load preparation (see {@link SinkStartup}). */
    private SinkStartup startup;
    private IdleCommit idleCommit;
    private ReplayFilter replay = ReplayFilter.disabled();
    private FirstLoadIndexes firstLoad;
    private LoadingMark loadingMark;
    private FirstLoadProgress firstLoadProgress;

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
        applier = new ChunkApplier(new RecordRouter(layout), new BatchWriter(layout),
            new RejectedRecordHandler(errantRecordReporter(), props), session);
        failures = new PostgresFailures(config, settings.jdbcUrl(), context);
        idleCommit = new IdleCommit(config.commitWhenIdle());
        startup = new SinkStartup(config, layout, connections);
        firstLoadProgress = new FirstLoadProgress(false, config.firstLoadCaughtUpAfter(), System.nanoTime());
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
            loadingMark = new LoadingMark(firstLoad);
            firstLoadProgress = new FirstLoadProgress(result.firstLoadPending(), config.firstLoadCaughtUpAfter(),
                System.nanoTime());
            replay = result.replay();
            startup = null;
            failures.succeeded();
        } catch (SQLException e) {
            throw failure(e, "schema management and first-load preparation");
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        failures.throwIfBackingOff();
        finishStartup();
        List<SinkRecord> all = records instanceof List<SinkRecord> list ? list : new ArrayList<>(records);
        if (firstLoadProgress.pending() && !all.isEmpty()) {
            waitWhileAnotherTaskRebuilds();
            if (FirstLoadProgress.isBulk(all.size())) {
                markLoading(); // before writing: another task's rebuild must not start under this batch
            }
        }
        for (int from = 0, to; from < all.size(); from = to) {
            to = replay.batchEnd(all, from, config.batchSize());
            List<SinkRecord> chunk = all.subList(from, to);
            writeChunk(chunk);
            written.written(chunk);
        }
        long now = System.nanoTime();
        if (firstLoadProgress.put(all.size(), now)) {
            finishFirstLoad();
        }
        capNextPoll(idleCommit.afterPut(!all.isEmpty(), context), firstLoadProgress.nextCheckMillis(now));
    }

    /**
     * Connect waits in poll() until the worker's next offset commit (60 s by default) when no records come; a put()
     * with none is needed on time for the idle commit and for noticing that a first load has caught up.
     */
    private void capNextPoll(long idleCommitMillis, long firstLoadCheckMillis) {
        long cap = idleCommitMillis == 0 ? firstLoadCheckMillis
            : firstLoadCheckMillis == 0 ? idleCommitMillis : Math.min(idleCommitMillis, firstLoadCheckMillis);
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

    /** Best effort: without the mark another task may only rebuild sooner, so a failure does not fail the batch. */
    private void markLoading() {
        try {
            loadingMark.loading(connection());
        } catch (SQLException e) {
            log.warn("Could not mark this task's first load as in progress ({}); another task may rebuild the "
                + "deferred indexes before this one has caught up", e.getMessage());
            closeConnection();
        }
    }

    private void finishFirstLoad() {
        try {
            loadingMark.caughtUp(connection());
            firstLoadProgress.rebuilt(firstLoad.rebuildIfDeferred(connection()));
            failures.succeeded();
        } catch (SQLException e) {
            throw failure(e, "the first-load index rebuild");
        }
    }

    private void writeChunk(List<SinkRecord> chunk) {
        try {
            applier.apply(chunk, replay);
            failures.succeeded();
        } catch (SQLException e) {
            throw failure(e, describe(chunk));
        }
    }

    private static String describe(List<SinkRecord> chunk) {
        SinkRecord first = chunk.get(0);
        return chunk.size() + " records from " + first.topic() + "-" + first.kafkaPartition() + "@" + first.kafkaOffset();
    }

    private RuntimeException failure(SQLException e, String where) {
        closeConnection();
        return failures.of(e, where);
    }

    /** Only offsets of committed batches: Connect must never commit past data not durably written. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        idleCommit.committing();
        return written.committable(currentOffsets.keySet());
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        written.forget(partitions);
        replay.forget(partitions);
    }

    @Override
    public void stop() {
        if (replay.skippedFiles() > 0) {
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
