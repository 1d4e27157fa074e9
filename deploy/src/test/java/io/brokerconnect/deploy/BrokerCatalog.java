package io.brokerconnect.deploy;

import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.tools.generator.GenerationReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a migration must produce, in numbers a test can compare: rows per table and the {@code latest} rows as
 * "collector|type|epoch seconds". The expectation comes from the generator's report and the SQLite file (valid
 * rows only: damaged rows go to the source's errors topic), the result from PostgreSQL.
 */
record BrokerCatalog(long files, long collectors, long meta, Set<String> latest) {

    /** The valid content of a generated database. */
    static BrokerCatalog expectedFrom(GenerationReport report, Path sqlite) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite)) {
            // The sink writes a meta row once per distinct (update_ts, update_duration, insert_count).
            long meta = count(c, "SELECT count(*) FROM (SELECT DISTINCT update_ts, update_duration, insert_count FROM meta"
                + " WHERE typeof(update_ts) = 'integer' AND typeof(update_duration) = 'integer'"
                + " AND typeof(insert_count) = 'integer')");
            Set<String> latest = strings(c, "SELECT collector_name || '|' || type || '|' || timestamp FROM latest");
            return new BrokerCatalog(report.goodFileRows(), report.collectorsRows() - report.damagedRows("collectors"),
                meta, latest);
        }
    }

    /** What the sink wrote so far, or null while its tables do not exist yet (its first task creates them). */
    static BrokerCatalog inPostgresOrNull(PostgresDatabase db) {
        try (Connection c = db.connect()) {
            return inPostgres(c);
        } catch (SQLException e) {
            return null;
        }
    }

    /** True once the sink's first load has rebuilt the deferred indexes and foreign key (nothing left to do). */
    static boolean firstLoadFinished(PostgresDatabase db) {
        try (Connection c = db.connect()) {
            return count(c, "SELECT count(*) FROM broker_connect_first_load") == 0;
        } catch (SQLException e) {
            return false;
        }
    }

    /** What the sink wrote. */
    static BrokerCatalog inPostgres(Connection c) throws SQLException {
        return new BrokerCatalog(count(c, "SELECT count(*) FROM files"), count(c, "SELECT count(*) FROM collectors"),
            count(c, "SELECT count(*) FROM meta"),
            strings(c, "SELECT collector_name || '|' || type || '|' || extract(epoch FROM ts)::bigint FROM latest"));
    }

    String describe() {
        return files + " files, " + collectors + " collectors, " + meta + " meta, " + latest.size() + " latest";
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> strings(Connection c, String sql) throws SQLException {
        Set<String> values = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
