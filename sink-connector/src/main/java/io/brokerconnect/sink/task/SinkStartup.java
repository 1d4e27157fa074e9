package io.brokerconnect.sink.task;

import io.brokerconnect.sink.config.PostgresSinkConfig;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.replay.AppliedBlocks;
import io.brokerconnect.sink.replay.ReplayFilter;
import io.brokerconnect.sink.schema.FirstLoadIndexes;
import io.brokerconnect.sink.schema.SchemaManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a task does in PostgreSQL before it writes: schema management, the first-load index deferral, and the check
 * for the applied-blocks ledger. The task runs it in start() and, when PostgreSQL was unreachable then, again from
 * put() under the same retry budget as its writes, so a task that starts during an outage waits for the database
 * instead of failing.
 */
final class SinkStartup {

    private static final Logger log = LoggerFactory.getLogger(SinkStartup.class);

    /** What the task needs to know afterwards. */
    record Result(FirstLoadIndexes firstLoad, boolean firstLoadPending, ReplayFilter replay) {
    }

    private final PostgresSinkConfig config;
    private final TargetLayout layout;
    private final DataSource connections;

    SinkStartup(PostgresSinkConfig config, TargetLayout layout, DataSource connections) {
        this.config = config;
        this.layout = layout;
        this.connections = connections;
    }

    /**
     * @throws SQLException      a transient failure (PostgreSQL unreachable, restarting, ...): try again later
     * @throws ConnectException  anything else (a changed migration, a refused schema): the task cannot run
     */
    Result run(SinkSession session) throws SQLException {
        try {
            new SchemaManager(layout, connections).apply(config.schemaManagement());
        } catch (ConnectException e) {
            SQLException transientCause = SqlErrors.transientCause(e).orElse(null);
            if (transientCause != null) {
                throw transientCause;
            }
            throw e;
        }
        FirstLoadIndexes firstLoad = null;
        boolean pending = false;
        if (config.firstLoadDeferIndexes()) {
            firstLoad = new FirstLoadIndexes(layout, config.firstLoadDeferPrimaryKey());
            pending = firstLoad.deferIfEmpty(session.connection());
        }
        boolean skipApplied = config.replaySkipApplied() && ledgerPresent(session);
        return new Result(firstLoad, pending,
            skipApplied ? ReplayFilter.skippingAppliedBlocks(layout) : ReplayFilter.disabled());
    }

    private boolean ledgerPresent(SinkSession session) throws SQLException {
        if (new AppliedBlocks(layout).present(session.connection())) {
            return true;
        }
        log.warn("{}=true but schema '{}' has no applied-blocks ledger (schema.management={}): every replayed file is "
            + "probed in PostgreSQL instead", PostgresSinkConfig.REPLAY_SKIP_APPLIED_CONFIG, layout.bookkeepingSchema(),
            config.schemaManagement());
        return false;
    }
}
