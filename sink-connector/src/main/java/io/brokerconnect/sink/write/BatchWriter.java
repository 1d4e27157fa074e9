package io.brokerconnect.sink.write;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Applies one routed batch in one transaction: collectors first (so files find their real collector rows), then
 * files (with placeholders for collectors not seen yet, and the latest upsert), then meta. Either all of it
 * commits or none of it does.
 */
public final class BatchWriter {

    private final CollectorWriter collectors;
    private final FileWriter files;
    private final MetaWriter meta;

    public BatchWriter(TargetTables tables, boolean sizesZeroAsNull) {
        this.collectors = new CollectorWriter(tables);
        this.files = new FileWriter(tables, sizesZeroAsNull);
        this.meta = new MetaWriter(tables);
    }

    /** Writes and commits; on failure rolls back and rethrows. */
    public void write(Connection connection, RoutedBatch batch) throws SQLException {
        try {
            collectors.upsert(connection, batch.collectors());
            files.write(connection, batch.files());
            meta.insertMissing(connection, batch.meta());
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
