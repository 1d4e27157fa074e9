package io.brokerconnect.sink.write;

import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.sink.layout.DirectFilesCopy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * Writes a large batch of files by one binary COPY straight into the files table while that table has no unique
 * index (a first load that deferred the primary key), resolving collector ids in Java: no staging table, no
 * INSERT ... SELECT with its join, conflict check and text parsing. What it stores is what the INSERT would have
 * stored, since an INSERT ... ON CONFLICT DO NOTHING into a table without a unique index inserts every row; the
 * first-load rebuild later removes copies of a record delivered twice, as it does for the INSERT.
 *
 * <p>Whether the table is keyless is checked in the batch's transaction after locking files the way the INSERT
 * would (ROW EXCLUSIVE), so the rebuild, which adds the key back under a conflicting lock, cannot slip in between.
 * Once a unique index is seen it is not checked again: the regular path serves every later batch.
 */
final class FirstLoadFileCopy {

    private final DirectFilesCopy sql;
    private final String lockFiles;
    private final CopyBinary body = new CopyBinary();
    /** Collector ids by project and name, as seen in the current or a committed transaction; null until loaded. */
    private Map<Project, Map<String, Integer>> ids;
    private boolean keyed;

    FirstLoadFileCopy(DirectFilesCopy sql, String filesTable) {
        this.sql = sql;
        this.lockFiles = "LOCK TABLE " + filesTable + " IN ROW EXCLUSIVE MODE";
    }

    /** In the batch's transaction: whether the files table has no unique index now (and, once it has, never again). */
    boolean usable(Connection connection) throws SQLException {
        if (keyed) {
            return false;
        }
        try (Statement s = connection.createStatement()) {
            s.execute(lockFiles);
            try (ResultSet rs = s.executeQuery(sql.keylessCheck())) {
                rs.next();
                keyed = !rs.getBoolean(1);
            }
        }
        return !keyed;
    }

    /**
     * COPYs the files in; every collector they name must exist in the transaction ({@code collectorsChanged}: this
     * transaction wrote collectors, so the ids are read again).
     */
    void copy(Connection connection, List<FileRecord> files, boolean collectorsChanged) throws SQLException {
        if (ids == null || collectorsChanged) {
            ids = loadIds(connection);
        }
        body.reset();
        for (FileRecord file : files) {
            body.row(5).timestamp(file.timestamp().getEpochSecond()).int4(collectorId(connection, file))
                .text(file.dataType().canonicalName());
            size(file.roughSize());
            size(file.exactSize());
        }
        body.end();
        try {
            connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn(sql.copy(), new ByteArrayInputStream(body.buffer(), 0, body.length()));
        } catch (IOException e) {
            throw new SQLException("COPY into the files table failed: " + e.getMessage(), "08006", e);
        }
    }

    /** Forget the ids: the transaction that read them may have rolled back (placeholders it inserted are gone). */
    void reset() {
        ids = null;
    }

    private void size(long size) {
        if (size == 0 && sql.zeroSizesAsNull()) {
            body.nullValue();
        } else {
            body.int8(size);
        }
    }

    private int collectorId(Connection connection, FileRecord file) throws SQLException {
        Integer id = ids.get(file.project()).get(file.collector());
        if (id == null) { // the ids were read before another task added this collector
            ids = loadIds(connection);
            id = ids.get(file.project()).get(file.collector());
        }
        if (id == null) { // the caller inserts placeholders for unknown collectors first, so this is a bug
            throw new IllegalStateException("No collector row for " + file.project().canonicalName() + " "
                + file.collector() + " although placeholders were written");
        }
        return id;
    }

    private Map<Project, Map<String, Integer>> loadIds(Connection connection) throws SQLException {
        Map<Project, Map<String, Integer>> loaded = new EnumMap<>(Project.class);
        for (Project project : Project.values()) {
            loaded.put(project, new HashMap<>());
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql.selectCollectorIds())) {
            while (rs.next()) {
                String name = rs.getString(2);
                int id = rs.getInt(3);
                Project.parse(rs.getString(1)).ifPresent(project -> loaded.get(project).put(name, id));
            }
        }
        return loaded;
    }
}
