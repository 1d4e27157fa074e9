package io.brokerconnect.tools.generator;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The SQLite schema exactly as BGPKIT Broker creates it.
 *
 * <p>The statements are copied from {@code LocalBrokerDb::initialize} in bgpkit/bgpkit-broker
 * ({@code src/db/mod.rs}, commit f80b9a4), split into single statements because JDBC runs one
 * statement per call. Keeping the broker's own text (including {@code IF NOT EXISTS} and the
 * constraint names) means {@code sqlite_master.sql} of a generated file reads like a real one, so
 * a reader that inspects the schema sees what it will see in production.
 *
 * <p>The secondary indexes are kept apart from the tables: the bulk generator builds them after
 * loading, which is much faster than maintaining them row by row. The UNIQUE constraint is part
 * of the {@code files} table itself, as in the broker.
 */
public final class BrokerSchema {

    public static final String CREATE_META = """
            CREATE TABLE IF NOT EXISTS meta(
                update_ts INTEGER,
                update_duration INTEGER,
                insert_count INTEGER
            )""";

    public static final String CREATE_COLLECTORS = """
            CREATE TABLE IF NOT EXISTS collectors (
                id INTEGER PRIMARY KEY,
                name TEXT,
                url TEXT,
                project TEXT,
                updates_interval INTEGER
                )""";

    public static final String CREATE_TYPES = """
            CREATE TABLE IF NOT EXISTS types (
                id INTEGER PRIMARY KEY,
                name TEXT
            )""";

    public static final String CREATE_FILES = """
            CREATE TABLE IF NOT EXISTS files(
                timestamp INTEGER,
                collector_id INTEGER,
                type_id INTEGER,
                rough_size INTEGER,
                exact_size INTEGER,
                constraint files_unique_pk
                    unique (timestamp, collector_id, type_id)
            )""";

    public static final String CREATE_LATEST = """
            CREATE TABLE IF NOT EXISTS latest(
                timestamp INTEGER,
                collector_name TEXT,
                type TEXT,
                rough_size INTEGER,
                exact_size INTEGER,
                constraint latest_unique_pk
                    unique (collector_name, type)
            )""";

    public static final String CREATE_IDX_FILES_TIMESTAMP = """
            CREATE INDEX IF NOT EXISTS idx_files_timestamp
                ON files(timestamp)""";

    public static final String CREATE_IDX_FILES_COLLECTOR_TIMESTAMP_TYPE = """
            CREATE INDEX IF NOT EXISTS idx_files_collector_timestamp_type
                ON files(collector_id, timestamp, type_id)""";

    public static final String CREATE_IDX_META_UPDATE_TS = """
            CREATE INDEX IF NOT EXISTS idx_meta_update_ts
                ON meta(update_ts)""";

    public static final String CREATE_FILES_VIEW = """
            CREATE VIEW IF NOT EXISTS files_view AS
            SELECT
                i.timestamp, i.rough_size, i.exact_size,
                t.name AS type,
                c.name AS collector_name,
                c.url AS collector_url,
                c.project AS project_name,
                c.updates_interval AS updates_interval
            FROM collectors c
            JOIN files i ON c.id = i.collector_id
            JOIN types t ON t.id = i.type_id""";

    /** Tables in the order the broker creates them. */
    public static final List<String> TABLES =
            List.of(CREATE_META, CREATE_COLLECTORS, CREATE_TYPES, CREATE_FILES, CREATE_LATEST);

    /** Secondary indexes (the autoindexes of the UNIQUE constraints come with the tables). */
    public static final List<String> INDEXES = List.of(
            CREATE_IDX_FILES_TIMESTAMP, CREATE_IDX_FILES_COLLECTOR_TIMESTAMP_TYPE, CREATE_IDX_META_UPDATE_TS);

    /** Names of the explicitly created indexes, for schema checks. */
    public static final List<String> INDEX_NAMES =
            List.of("idx_files_timestamp", "idx_files_collector_timestamp_type", "idx_meta_update_ts");

    private BrokerSchema() {
    }

    public static void createTables(Connection connection) throws SQLException {
        execute(connection, TABLES);
    }

    public static void createIndexesAndView(Connection connection) throws SQLException {
        execute(connection, INDEXES);
        execute(connection, List.of(CREATE_FILES_VIEW));
    }

    /** Full broker schema in one go, the way the broker's start-up does it (tables, indexes, view). */
    public static void createAll(Connection connection) throws SQLException {
        createTables(connection);
        createIndexesAndView(connection);
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
        }
    }
}
