package io.brokerconnect.sink.write;

import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.sink.layout.TargetLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the only-if-newer rule to the latest table for the newest file per (project, collector, type) of a batch,
 * in two steps that never let the sink hold one latest row while it waits for another:
 * <ol>
 *   <li>inside the batch transaction, one set-based UPDATE of the existing rows that are older, locked with
 *       {@code FOR UPDATE SKIP LOCKED}: it never waits, so it cannot close a lock cycle;</li>
 *   <li>after the batch committed, what step 1 could not settle (a key with no row yet, or a row another
 *       transaction held at that moment) as single-row upserts, each its own transaction: a transaction that holds
 *       nothing else while it waits cannot be part of a deadlock.</li>
 * </ol>
 * Why: the broker's own latest upsert (dual write) is one multi-row statement in its crawl order, which the sink
 * cannot control; a sorted multi-row upsert on the sink side still deadlocked with it, and PostgreSQL may pick the
 * broker as the victim. Step 2 is rare once latest is populated (a new collector, or the broker updating the same
 * row at the same instant). The result is the same as one upsert: ts only moves forward, and sizes follow ts.
 */
public final class LatestWriter {

    private final String lockedUpdate;
    private final String singleUpsert;

    public LatestWriter(TargetLayout layout) {
        this.lockedUpdate = layout.updateLatestWithoutWaiting();
        this.singleUpsert = layout.upsertLatestRow();
    }

    /**
     * Step 1, in the caller's transaction: updates the rows it can lock without waiting and returns the files still
     * to apply with {@link #applyOneByOne} after the transaction commits.
     */
    public List<FileRecord> updateWithoutWaiting(Connection connection, Collection<FileRecord> newest)
            throws SQLException {
        if (newest.isEmpty()) {
            return List.of();
        }
        int n = newest.size();
        String[] projects = new String[n];
        String[] collectors = new String[n];
        String[] types = new String[n];
        Long[] ts = new Long[n];
        Long[] rough = new Long[n];
        Long[] exact = new Long[n];
        Map<String, FileRecord> byKey = new HashMap<>();
        int i = 0;
        for (FileRecord file : newest) {
            projects[i] = file.project().canonicalName();
            collectors[i] = file.collector();
            types[i] = file.dataType().canonicalName();
            ts[i] = file.timestamp().getEpochSecond();
            rough[i] = file.roughSize();
            exact[i] = file.exactSize();
            byKey.put(key(projects[i], collectors[i], types[i]), file);
            i++;
        }
        List<FileRecord> left = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(lockedUpdate)) {
            statement.setArray(1, connection.createArrayOf("text", projects));
            statement.setArray(2, connection.createArrayOf("text", collectors));
            statement.setArray(3, connection.createArrayOf("text", types));
            statement.setArray(4, connection.createArrayOf("bigint", ts));
            statement.setArray(5, connection.createArrayOf("bigint", rough));
            statement.setArray(6, connection.createArrayOf("bigint", exact));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    left.add(byKey.get(key(rs.getString(1), rs.getString(2), rs.getString(3))));
                }
            }
        }
        return left;
    }

    /**
     * Step 2, outside any transaction of the caller: one committed single-row upsert per file. These may wait
     * longer than the session's lock_timeout (which is kept short for the batch transaction): holding nothing
     * else, they cannot be part of a lock cycle, and the row they wait for is usually held by another sink task
     * that is just committing.
     */
    public void applyOneByOne(Connection connection, List<FileRecord> files) throws SQLException {
        if (files.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(singleUpsert);
             Statement patience = connection.createStatement()) {
            for (FileRecord file : files) {
                patience.execute(PatientLocks.AT_LEAST_30_SECONDS);
                statement.setString(1, file.project().canonicalName());
                statement.setString(2, file.collector());
                statement.setString(3, file.dataType().canonicalName());
                statement.setLong(4, file.timestamp().getEpochSecond());
                statement.setLong(5, file.roughSize());
                statement.setLong(6, file.exactSize());
                statement.executeUpdate();
                connection.commit();
            }
        }
    }

    private static String key(String project, String collector, String type) {
        return project + '\u0000' + collector + '\u0000' + type;
    }
}
