package io.brokerconnect.sink.write;

import io.brokerconnect.common.model.FileRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * Writes a batch of files set-based, in the caller's transaction:
 * <ol>
 *   <li>COPY the batch into a session-private staging table (no per-row statements);</li>
 *   <li>insert a placeholder collector (url NULL, the project's default interval) for any (project, name) that
 *       PostgreSQL does not know yet, so a file that arrives before its collector record is never lost; the
 *       collector record fills in url and interval when it comes;</li>
 *   <li>insert the files if absent, with collector ids looked up in PostgreSQL's own collectors table, in primary
 *       key order so that concurrent writers take row locks in the same order;</li>
 *   <li>one only-if-newer upsert of {@code latest} per (collector name, type) from the batch's newest file, with
 *       exactly the spec's rule; the newest files are picked in Java while staging, so only about 160 rows go to
 *       PostgreSQL for this step.</li>
 * </ol>
 */
public final class FileWriter {

    static final String STAGE = "broker_connect_files_stage";

    private final String createStage;
    private final String copy;
    private final String insertPlaceholders;
    private final String insertFiles;
    private final String upsertLatest;
    private final CopyText copyText = new CopyText();

    public FileWriter(TargetTables tables, boolean sizesZeroAsNull) {
        String rough = sizesZeroAsNull ? "NULLIF(s.rough_size, 0)" : "s.rough_size";
        String exact = sizesZeroAsNull ? "NULLIF(s.exact_size, 0)" : "s.exact_size";
        this.createStage = "CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (project " + tables.projectType()
            + ", collector text, data_type " + tables.dataType() + ", ts_epoch bigint, rough_size bigint, "
            + "exact_size bigint) ON COMMIT DELETE ROWS";
        this.copy = "COPY " + STAGE + " (project, collector, data_type, ts_epoch, rough_size, exact_size) FROM STDIN";
        this.insertPlaceholders = "INSERT INTO " + tables.collectors() + " (project, name, updates_interval) "
            + "SELECT DISTINCT s.project, s.collector, CASE s.project WHEN 'ripe-ris' THEN 300 ELSE 900 END "
            + "FROM " + STAGE + " s WHERE NOT EXISTS (SELECT 1 FROM " + tables.collectors() + " c "
            + "WHERE c.project = s.project AND c.name = s.collector) ORDER BY 1, 2 "
            + "ON CONFLICT (project, name) DO NOTHING";
        this.insertFiles = "INSERT INTO " + tables.files() + " (ts, collector_id, data_type, rough_size, exact_size) "
            + "SELECT to_timestamp(s.ts_epoch), c.id, s.data_type, " + rough + ", " + exact + " FROM " + STAGE + " s "
            + "JOIN " + tables.collectors() + " c ON c.project = s.project AND c.name = s.collector "
            + "ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING";
        String latestRough = sizesZeroAsNull ? "NULLIF(v.rough_size, 0)" : "v.rough_size";
        String latestExact = sizesZeroAsNull ? "NULLIF(v.exact_size, 0)" : "v.exact_size";
        this.upsertLatest = "INSERT INTO " + tables.latest() + " AS l (collector_name, type, ts, rough_size, exact_size) "
            + "SELECT v.collector, v.type, to_timestamp(v.ts_epoch), " + latestRough + ", " + latestExact
            + " FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[]) "
            + "AS v(collector, type, ts_epoch, rough_size, exact_size) "
            // Only rows that look newer are attempted at all: ON CONFLICT DO UPDATE locks the existing row even
            // when its WHERE is false, and a replay would otherwise lock every latest row in every batch.
            + "WHERE NOT EXISTS (SELECT 1 FROM " + tables.latest() + " o WHERE o.collector_name = v.collector "
            + "AND o.type = v.type AND o.ts >= to_timestamp(v.ts_epoch)) ORDER BY 1, 2 "
            + "ON CONFLICT (collector_name, type) DO UPDATE SET "
            + "ts = CASE WHEN EXCLUDED.ts > l.ts THEN EXCLUDED.ts ELSE l.ts END, "
            + "rough_size = CASE WHEN EXCLUDED.ts > l.ts THEN EXCLUDED.rough_size ELSE l.rough_size END, "
            + "exact_size = CASE WHEN EXCLUDED.ts > l.ts THEN EXCLUDED.exact_size ELSE l.exact_size END "
            // Same outcome as the CASE rule alone, but rows that are not newer are not rewritten.
            + "WHERE EXCLUDED.ts > l.ts";
    }

    /** Writes the batch; returns the number of files that were new. */
    public long write(Connection connection, List<FileRecord> files, boolean insertPlaceholders) throws SQLException {
        if (files.isEmpty()) {
            return 0;
        }
        Map<String, FileRecord> newest;
        try (Statement statement = connection.createStatement()) {
            statement.execute(createStage);
            newest = stage(connection, files);
            if (insertPlaceholders) {
                statement.executeUpdate(this.insertPlaceholders);
            }
            long inserted = statement.executeUpdate(insertFiles);
            upsertLatest(connection, newest.values());
            return inserted;
        }
    }

    private void upsertLatest(Connection connection, Collection<FileRecord> newest) throws SQLException {
        int n = newest.size();
        String[] collectors = new String[n];
        String[] types = new String[n];
        Long[] ts = new Long[n];
        Long[] rough = new Long[n];
        Long[] exact = new Long[n];
        int i = 0;
        for (FileRecord file : newest) {
            collectors[i] = file.collector();
            types[i] = file.dataType().canonicalName();
            ts[i] = file.timestamp().getEpochSecond();
            rough[i] = file.roughSize();
            exact[i] = file.exactSize();
            i++;
        }
        try (PreparedStatement statement = connection.prepareStatement(upsertLatest)) {
            statement.setArray(1, connection.createArrayOf("text", collectors));
            statement.setArray(2, connection.createArrayOf("text", types));
            statement.setArray(3, connection.createArrayOf("bigint", ts));
            statement.setArray(4, connection.createArrayOf("bigint", rough));
            statement.setArray(5, connection.createArrayOf("bigint", exact));
            statement.executeUpdate();
        }
    }

    /** COPYs the batch into the staging table; returns the newest file per (collector name, type). */
    private Map<String, FileRecord> stage(Connection connection, List<FileRecord> files) throws SQLException {
        copyText.reset();
        Map<String, FileRecord> newest = new HashMap<>();
        for (FileRecord file : files) {
            newest.merge(file.collector() + "\u0000" + file.dataType().canonicalName(), file,
                (a, b) -> b.timestamp().isAfter(a.timestamp()) ? b : a);
            copyText.text(file.project().canonicalName()).text(file.collector()).text(file.dataType().canonicalName())
                .number(file.timestamp().getEpochSecond()).number(file.roughSize()).number(file.exactSize());
            copyText.endRow();
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new ByteArrayInputStream(copyText.bytes()));
        } catch (IOException e) {
            throw new SQLException("COPY into the staging table failed: " + e.getMessage(), "08006", e);
        }
        return newest;
    }
}
