package io.brokerconnect.sink.write;

import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.sink.layout.TargetLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGConnection;

/**
 * Writes a batch of files set-based, in the caller's transaction:
 * <ol>
 *   <li>COPY the batch into a session-private staging table (no per-row statements);</li>
 *   <li>insert a placeholder collector (no url yet, the project's default interval) for any (project, name) that
 *       PostgreSQL does not know yet, so a file that arrives before its collector record is never lost; the
 *       collector record fills in url and interval when it comes;</li>
 *   <li>insert the files if absent, with collector ids looked up in PostgreSQL's own collectors table, in primary
 *       key order so that concurrent writers take row locks in the same order;</li>
 * </ol>
 * It returns the batch's newest file per (project, collector name, type), picked in Java, for
 * {@link LatestWriter} (about 160 rows instead of the batch).
 *
 * <p>During a first load that deferred the files table's primary key, a large batch goes straight into files instead
 * (see {@link FirstLoadFileCopy}).
 *
 * <p>A small batch (at most {@link #ARRAY_BATCH_MAX} files, such as the tail of a block on a replay, or tailing the
 * broker) is sent as arrays in the INSERT itself instead: no staging table written, so a batch whose files all exist
 * already changes nothing, takes no transaction id, and its commit does not wait for a WAL flush.
 */
public final class FileWriter {

    static final int ARRAY_BATCH_MAX = 1024;

    private final String createStage;
    private final String copy;
    private final String insertPlaceholders;
    private final String insertFiles;
    private final String insertPlaceholdersFromArrays;
    private final String insertFilesFromArrays;
    private final CopyText copyText = new CopyText();
    private final Optional<FirstLoadFileCopy> firstLoadCopy;

    public FileWriter(TargetLayout layout) {
        this.createStage = layout.createFilesStage();
        this.copy = layout.copyIntoFilesStage();
        this.insertPlaceholders = layout.insertPlaceholderCollectors(TargetLayout.FILES_STAGE);
        this.insertFiles = layout.insertFiles(TargetLayout.FILES_STAGE);
        // The same two statements over arrays: a typed view of the arrays stands in for the staging table.
        this.insertPlaceholdersFromArrays = layout.insertPlaceholderCollectors(layout.filesArraySource());
        this.insertFilesFromArrays = layout.insertFiles(layout.filesArraySource());
        this.firstLoadCopy = layout.directFilesCopy().map(sql -> new FirstLoadFileCopy(sql, layout.filesTable()));
    }

    /**
     * Writes the batch's files and returns the newest file per (collector name, type) among them, for
     * {@link LatestWriter}.
     */
    public Collection<FileRecord> write(Connection connection, List<FileRecord> files, boolean insertPlaceholders)
            throws SQLException {
        if (files.isEmpty()) {
            return List.of();
        }
        if (files.size() <= ARRAY_BATCH_MAX) {
            writeAsArrays(connection, files, insertPlaceholders, true);
        } else if (firstLoadCopy.isPresent() && firstLoadCopy.get().usable(connection)) {
            if (insertPlaceholders) {
                writeAsArrays(connection, files, true, false);
            }
            firstLoadCopy.get().copy(connection, files, insertPlaceholders);
        } else {
            try (Statement statement = connection.createStatement()) {
                statement.execute(createStage);
                stage(connection, files);
                if (insertPlaceholders) {
                    statement.executeUpdate(this.insertPlaceholders);
                }
                statement.executeUpdate(insertFiles);
            }
        }
        return newestPerKey(files);
    }

    /** Forget what a rolled-back transaction may have shown (collector ids). */
    public void reset() {
        firstLoadCopy.ifPresent(FirstLoadFileCopy::reset);
    }

    /** The newest file per (project, collector name, type): what {@link LatestWriter} needs of the batch. */
    private static Collection<FileRecord> newestPerKey(List<FileRecord> files) {
        Map<LatestKey, FileRecord> newest = new HashMap<>();
        for (FileRecord file : files) {
            newest.merge(new LatestKey(file.project(), file.collector(), file.dataType()), file, FileWriter::newer);
        }
        return newest.values();
    }

    /** The array path: placeholders if asked, then the files themselves if {@code insertFiles}. */
    private void writeAsArrays(Connection connection, List<FileRecord> files, boolean insertPlaceholders,
                               boolean insertFiles) throws SQLException {
        int n = files.size();
        String[] projects = new String[n];
        String[] collectors = new String[n];
        String[] types = new String[n];
        Long[] ts = new Long[n];
        Long[] rough = new Long[n];
        Long[] exact = new Long[n];
        for (int i = 0; i < n; i++) {
            FileRecord file = files.get(i);
            projects[i] = file.project().canonicalName();
            collectors[i] = file.collector();
            types[i] = file.dataType().canonicalName();
            ts[i] = file.timestamp().getEpochSecond();
            rough[i] = file.roughSize();
            exact[i] = file.exactSize();
        }
        Object[][] columns = {projects, collectors, types, ts, rough, exact};
        String[] columnTypes = {"text", "text", "text", "int8", "int8", "int8"};
        List<String> statements = new ArrayList<>(2);
        if (insertPlaceholders) {
            statements.add(insertPlaceholdersFromArrays);
        }
        if (insertFiles) {
            statements.add(insertFilesFromArrays);
        }
        for (String sql : statements) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int c = 0; c < columns.length; c++) {
                    statement.setArray(c + 1, connection.createArrayOf(columnTypes[c], columns[c]));
                }
                statement.executeUpdate();
            }
        }
    }

    private static FileRecord newer(FileRecord a, FileRecord b) {
        return b.timestamp().isAfter(a.timestamp()) ? b : a;
    }

    /** A latest row's key: (project, collector name) identify the collector in every layout. */
    private record LatestKey(Project project, String collector, DataType dataType) {
    }

    /** COPYs the batch into the staging table. */
    private void stage(Connection connection, List<FileRecord> files) throws SQLException {
        copyText.reset();
        for (FileRecord file : files) {
            copyText.text(file.project().canonicalName()).text(file.collector()).text(file.dataType().canonicalName())
                .number(file.timestamp().getEpochSecond()).number(file.roughSize()).number(file.exactSize());
            copyText.endRow();
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new ByteArrayInputStream(copyText.bytes()));
        } catch (IOException e) {
            throw new SQLException("COPY into the staging table failed: " + e.getMessage(), "08006", e);
        }
    }
}
