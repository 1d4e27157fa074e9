package io.brokerconnect.sink.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.SchemaManagement;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.layout.TargetLayouts;
import io.brokerconnect.sink.schema.FirstLoadIndexes;
import io.brokerconnect.sink.schema.SchemaManager;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A first load without the files primary key COPYs large batches straight into files. Each batch goes to two
 * schemas of one database: one in first-load mode, one keyed as usual, where the batch takes the regular path
 * (staging table, INSERT ... SELECT). The direct path must store exactly what the regular one does: collector ids,
 * placeholders for collectors not seen yet, timestamps, sizes of 0 as NULL, latest.
 */
class FirstLoadFileCopyIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final String STAGE_PROBE = "SELECT to_regclass('pg_temp." + TargetLayout.FILES_STAGE + "') IS NOT NULL";

    @Test
    void aFirstLoadCopiesStraightIntoFilesAndStoresWhatTheRegularPathStores(PostgresDatabase db) throws Exception {
        TargetLayout loading = migrated(db, "loading");
        TargetLayout keyed = migrated(db, "keyed");
        try (Connection loadingTask = task(db); Connection keyedTask = task(db)) {
            FirstLoadIndexes firstLoad = new FirstLoadIndexes(loading);
            assertTrue(firstLoad.deferIfEmpty(loadingTask));
            BatchWriter loadingWriter = new BatchWriter(loading);
            BatchWriter keyedWriter = new BatchWriter(keyed);

            // Collector records for some, files of a collector with no record yet (placeholder), a size of 0.
            RoutedBatch first = batch(List.of(new CollectorRecord(Project.RIPE_RIS, "rrc00", "https://x/rrc00", 300)),
                files(0, 3_000, "rrc00", "rrc01"));
            loadingWriter.write(loadingTask, first);
            keyedWriter.write(keyedTask, first);
            assertFalse(probe(loadingTask, STAGE_PROBE), "the first load did not stage its files");
            assertTrue(probe(keyedTask, STAGE_PROBE), "the keyed table took the staging path (the probe's control)");
            assertSameContent(db, "loading", "keyed");

            // A collector this task has not seen: a placeholder in the batch's transaction, then its id.
            RoutedBatch second = batch(List.of(), files(3_000, 2_000, "rrc00", "rrc02"));
            loadingWriter.write(loadingTask, second);
            keyedWriter.write(keyedTask, second);
            assertSameContent(db, "loading", "keyed");

            // The second batch delivered again (a restart): without a key it is stored twice, as the INSERT would,
            // until the rebuild removes the copies.
            loadingWriter.write(loadingTask, second);
            assertEquals(7_000, count(db, "SELECT count(*) FROM loading.files"));
            assertTrue(firstLoad.rebuildIfDeferred(loadingTask));
            assertSameContent(db, "loading", "keyed");

            // With the key back, large batches take the regular path again and are insert-if-absent.
            RoutedBatch third = batch(List.of(), files(4_000, 2_000, "rrc00", "rrc02")); // half of it stored already
            loadingWriter.write(loadingTask, third);
            keyedWriter.write(keyedTask, third);
            assertTrue(probe(loadingTask, STAGE_PROBE), "after the rebuild the staging path is back");
            assertEquals(6_000, count(db, "SELECT count(*) FROM loading.files"));
            assertSameContent(db, "loading", "keyed");
        }
    }

    private static RoutedBatch batch(List<CollectorRecord> collectors, List<FileRecord> files) {
        RoutedBatch batch = new RoutedBatch();
        batch.collectors.addAll(collectors);
        batch.files.addAll(files);
        return batch;
    }

    /** {@code n} files from number {@code from} on, alternating collectors, projects and types; every 7th size 0. */
    private static List<FileRecord> files(int from, int n, String ripeCollector, String otherRipeCollector) {
        List<FileRecord> files = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            Instant ts = Instant.ofEpochSecond(1_600_000_000L + i * 300L);
            long size = i % 7 == 0 ? 0 : 1_000L + i;
            files.add(switch (i % 3) {
                case 0 -> new FileRecord(Project.RIPE_RIS, ripeCollector, DataType.UPDATES, ts, size, size + 1);
                case 1 -> new FileRecord(Project.RIPE_RIS, otherRipeCollector, DataType.RIB, ts, size, 0);
                default -> new FileRecord(Project.ROUTE_VIEWS, "route-views2", DataType.UPDATES, ts, size, size);
            });
        }
        return files;
    }

    private static void assertSameContent(PostgresDatabase db, String actual, String expected) throws SQLException {
        String files = "SELECT ts, c.project::text, c.name, f.data_type::text, f.rough_size, f.exact_size FROM %s.files f "
            + "JOIN %s.collectors c ON c.id = f.collector_id ORDER BY 1, 2, 3, 4, 5, 6";
        String collectors = "SELECT project::text, name, url, updates_interval FROM %s.collectors ORDER BY 1, 2";
        String latest = "SELECT collector_name, type, ts, rough_size, exact_size FROM %s.latest ORDER BY 1, 2";
        for (String query : List.of(files, collectors, latest)) {
            List<String> expectedRows = rows(db, query.replace("%s", expected));
            assertFalse(expectedRows.isEmpty());
            assertEquals(expectedRows, rows(db, query.replace("%s", actual)), query);
        }
    }

    private static List<String> rows(PostgresDatabase db, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static TargetLayout migrated(PostgresDatabase db, String schema) {
        TargetLayout layout = TargetLayouts.spec(new Identifier(schema));
        new SchemaManager(layout, dataSource(db)).apply(SchemaManagement.MIGRATE);
        return layout;
    }

    static DataSource dataSource(PostgresDatabase db) {
        return new org.postgresql.ds.PGSimpleDataSource() {
            {
                setUrl(db.jdbcUrl());
                setUser(db.user());
                setPassword(db.password());
            }
        };
    }

    private static Connection task(PostgresDatabase db) throws SQLException {
        Connection connection = db.connect();
        connection.setAutoCommit(false);
        return connection;
    }

    private static boolean probe(Connection connection, String query) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            boolean result = rs.getBoolean(1);
            connection.rollback();
            return result;
        }
    }

    private static long count(PostgresDatabase db, String query) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
