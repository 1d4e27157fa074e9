package io.brokerconnect.testkit.upstream;

import java.util.Collections;
import java.util.List;

/**
 * The statements upstream's broker runs against its {@code broker} catalog (bgpkit-broker {@code src/db/postgres.rs}
 * at {@code f80b9a4}), word for word where tests replay them: one place for that text, so that the dual-write tests
 * of the sink and of the cutover run the same statements. Each is executed by itself, in autocommit, as sqlx does.
 */
public final class UpstreamBrokerSql {

    /** {@code reload_collectors}: collector_id, name, base_uri, project, updates_interval_seconds. */
    public static final String RELOAD_COLLECTORS = "SELECT c.collector_id, c.name, c.base_uri, p.name AS project, "
        + "c.updates_interval_seconds FROM broker.collector AS c JOIN broker.project AS p USING (project_id) "
        + "ORDER BY c.collector_id";

    /** {@code get_latest_files}. */
    public static final String LATEST_FILES =
        "SELECT collector_name, timestamp, type, rough_size, exact_size FROM broker.file_latest_view";

    /** {@code insert_collector}; parameters: name, base_uri, updates_interval_seconds, project name. */
    public static final String INSERT_COLLECTOR =
        "INSERT INTO broker.collector (project_id, name, base_uri, updates_interval_seconds) "
            + "SELECT project_id, ?, ?, ? FROM broker.project WHERE name = ? "
            + "ON CONFLICT (project_id, name) DO UPDATE SET "
            + "base_uri = EXCLUDED.base_uri, updates_interval_seconds = EXCLUDED.updates_interval_seconds";

    /**
     * {@code insert_meta}; parameters: update_ts (upstream binds {@code now()}), duration, insert count. Upstream reads
     * the row back with {@code fetch_one}: no row is an error.
     */
    public static final String INSERT_META =
        "INSERT INTO broker.update_meta (update_ts, update_duration_seconds, insert_count) VALUES (?, ?, ?) "
            + "RETURNING extract(epoch FROM update_ts)::bigint AS update_ts, "
            + "update_duration_seconds AS update_duration, insert_count";

    /** {@code analyze}, after each crawl round. */
    public static final List<String> ANALYZE =
        List.of("ANALYZE broker.file", "ANALYZE broker.collector", "ANALYZE broker.latest_file");

    /** Rows per multi-row statement of {@code insert_items} and {@code update_latest_files}. */
    public static final int CHUNK = 1000;

    private UpstreamBrokerSql() {
    }

    /**
     * {@code insert_items} for {@code rows} rows; parameters per row: ts_start, collector_id, data_type, rough_size,
     * exact_size.
     */
    public static String insertFiles(int rows) {
        return "INSERT INTO broker.file (ts_start, collector_id, data_type, rough_size, exact_size) VALUES "
            + values(rows) + " ON CONFLICT (ts_start, collector_id, data_type) DO NOTHING "
            + "RETURNING ts_start, collector_id, data_type, rough_size, exact_size";
    }

    /**
     * {@code update_latest_files} for {@code rows} rows, only-if-newer; parameters per row: collector_id, data_type,
     * ts_start, rough_size, exact_size.
     */
    public static String upsertLatestFiles(int rows) {
        return "INSERT INTO broker.latest_file (collector_id, data_type, ts_start, rough_size, exact_size) VALUES "
            + values(rows) + " ON CONFLICT (collector_id, data_type) DO UPDATE SET "
            + "ts_start = EXCLUDED.ts_start, rough_size = EXCLUDED.rough_size, exact_size = EXCLUDED.exact_size "
            + "WHERE EXCLUDED.ts_start > broker.latest_file.ts_start";
    }

    /**
     * {@code cleanup_old_meta_entries}; parameter: the retention in days. Upstream compares with {@code now()};
     * {@code now} here is that expression, or {@code ?} for a test that binds its own clock (then the first parameter).
     */
    public static String cleanupOldMeta(String now) {
        return "DELETE FROM broker.update_meta WHERE update_ts < " + now + " - (?::bigint * interval '1 day')";
    }

    private static String values(int rows) {
        return String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?, ?)"));
    }
}
