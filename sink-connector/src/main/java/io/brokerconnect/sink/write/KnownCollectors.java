package io.brokerconnect.sink.write;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.sink.layout.TargetLayout;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The (project, name) keys this task knows to exist in PostgreSQL's collectors table, so that most batches can
 * skip collector work entirely: only a batch that carries collector records or names a collector not seen yet
 * touches the collectors table (under a lock that serialises such batches across tasks). Keys are added only
 * after the transaction that wrote them committed.
 */
final class KnownCollectors {

    private final String selectKeys;
    /** Names per project; null until loaded. Keyed this way so a lookup per file allocates nothing. */
    private Map<Project, Set<String>> known;

    KnownCollectors(TargetLayout layout) {
        this.selectKeys = layout.selectCollectorKeys();
    }

    /** Whether the batch must write collectors: it has collector records, or files of collectors not known yet. */
    boolean needsCollectorWork(Connection connection, RoutedBatch batch) throws SQLException {
        if (!batch.collectors().isEmpty()) {
            return true;
        }
        Map<Project, Set<String>> current = load(connection);
        for (FileRecord file : batch.files()) {
            if (!current.get(file.project()).contains(file.collector())) {
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
            known.get(collector.project()).add(collector.name());
        }
        for (FileRecord file : batch.files()) {
            known.get(file.project()).add(file.collector());
        }
    }

    /** Forget everything, e.g. after a failed transaction or a reconnect. */
    void reset() {
        known = null;
    }

    private Map<Project, Set<String>> load(Connection connection) throws SQLException {
        if (known == null) {
            Map<Project, Set<String>> loaded = new EnumMap<>(Project.class);
            for (Project project : Project.values()) {
                loaded.put(project, new HashSet<>());
            }
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery(selectKeys)) {
                while (rs.next()) {
                    // A project value this build does not know cannot be named by a record either: skip it.
                    String name = rs.getString(2);
                    Project.parse(rs.getString(1)).ifPresent(project -> loaded.get(project).add(name));
                }
            }
            known = loaded;
        }
        return known;
    }
}
