package io.brokerconnect.sink.write;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.FileRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * The (project, name) keys this task knows to exist in PostgreSQL's collectors table, so that most batches can
 * skip collector work entirely: only a batch that carries collector records or names a collector not seen yet
 * touches the collectors table (under a lock that serialises such batches across tasks). Keys are added only
 * after the transaction that wrote them committed.
 */
final class KnownCollectors {

    private final TargetTables tables;
    private Set<String> known;

    KnownCollectors(TargetTables tables) {
        this.tables = tables;
    }

    /** Whether the batch must write collectors: it has collector records, or files of collectors not known yet. */
    boolean needsCollectorWork(Connection connection, RoutedBatch batch) throws SQLException {
        if (!batch.collectors().isEmpty()) {
            return true;
        }
        Set<String> current = load(connection);
        for (FileRecord file : batch.files()) {
            if (!current.contains(key(file))) {
                return true;
            }
        }
        return false;
    }

    /** Call after the batch committed. */
    void committed(RoutedBatch batch) {
        if (known == null) {
            return;
        }
        for (CollectorRecord collector : batch.collectors()) {
            known.add(collector.project().canonicalName() + "\u0000" + collector.name());
        }
        for (FileRecord file : batch.files()) {
            known.add(key(file));
        }
    }

    /** Forget everything, e.g. after a failed transaction or a reconnect. */
    void reset() {
        known = null;
    }

    private Set<String> load(Connection connection) throws SQLException {
        if (known == null) {
            Set<String> loaded = new HashSet<>();
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT project::text, name FROM " + tables.collectors())) {
                while (rs.next()) {
                    loaded.add(rs.getString(1) + "\u0000" + rs.getString(2));
                }
            }
            known = loaded;
        }
        return known;
    }

    private static String key(FileRecord file) {
        return file.project().canonicalName() + "\u0000" + file.collector();
    }
}
