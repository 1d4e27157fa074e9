package io.brokerconnect.sink.write;

import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.sink.layout.TargetLayout;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Applies one routed batch in one transaction: collectors first (so files find their real collector rows), then
 * files (with placeholders for collectors not seen yet), the latest rows that can be updated without waiting, then
 * meta. Either all of it commits or none of it does. The few latest rows left (see {@link LatestWriter}) follow in
 * single-row transactions right after the commit, before the batch counts as written; if that fails, the batch is
 * retried and its files are already there.
 *
 * <p>Lock order, so that sink tasks never deadlock with each other: a batch that writes collectors (it carries
 * collector records or names a collector this task has not seen) first takes a transaction-scoped advisory lock,
 * so such batches run one at a time; every other batch only reads collectors. Files are inserted in primary-key
 * order and files keys are partitioned between tasks; latest rows are never waited for while other locks are held.
 */
public final class BatchWriter {

    /** Arbitrary constant naming "broker-connect collectors writer" for pg_advisory_xact_lock. */
    static final long COLLECTORS_LOCK_KEY = 0x62726f6b6572434fL;

    private final CollectorWriter collectors;
    private final FileWriter files;
    private final LatestWriter latest;
    private final MetaWriter meta;
    private final KnownCollectors known;

    public BatchWriter(TargetLayout layout) {
        this.collectors = new CollectorWriter(layout);
        this.files = new FileWriter(layout);
        this.latest = new LatestWriter(layout);
        this.meta = new MetaWriter(layout);
        this.known = new KnownCollectors(layout);
    }

    /** Writes and commits; on failure rolls back and rethrows. */
    public void write(Connection connection, RoutedBatch batch) throws SQLException {
        write(connection, batch, FileSkipping.NONE);
    }

    /** Writes and commits, leaving out the files {@code skipping} says are applied already. */
    public void write(Connection connection, RoutedBatch batch, FileSkipping skipping) throws SQLException {
        try {
            // First: what the replay ledger holds must be read before this transaction writes any file.
            List<FileRecord> filesToWrite = skipping.filesToWrite(connection, batch.files());
            boolean collectorWork = known.needsCollectorWork(connection, batch);
            if (collectorWork) {
                // Held for one batch by another task: waited for beyond the session's short lock timeout.
                PatientLocks.advisoryXactLock(connection, COLLECTORS_LOCK_KEY);
                collectors.upsert(connection, batch.collectors());
            }
            Collection<FileRecord> newest = files.write(connection, filesToWrite, collectorWork);
            List<FileRecord> latestLeft = latest.updateWithoutWaiting(connection, newest);
            meta.insertMissing(connection, batch.meta());
            skipping.recordApplied(connection);
            connection.commit();
            if (collectorWork) { // otherwise every collector of the batch was known already
                known.committed(batch);
            }
            latest.applyOneByOne(connection, latestLeft);
            skipping.committed();
        } catch (SQLException | RuntimeException e) {
            known.reset();
            files.reset();
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
