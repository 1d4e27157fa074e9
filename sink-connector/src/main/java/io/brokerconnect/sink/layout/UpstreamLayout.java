package io.brokerconnect.sink.layout;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.LayoutName;
import java.util.List;
import java.util.Optional;

/**
 * The layouts upstream's broker reads (bgpkit-broker {@code migration/postgres_bootstrap/schema.sql}): tables
 * {@code project}, {@code collector}, {@code file}, {@code latest_file}, {@code update_meta} in a fixed schema, ids
 * generated ALWAYS (only looked up by (project, name), never written), data types as text, sizes NOT NULL with
 * {@code CHECK (>= 0)} and a size of 0 kept as 0, latest keyed by (collector id, data type), meta without a key.
 * The sink's bookkeeping lives in a schema of its own, never in the broker's. Subclasses name the objects.
 */
abstract class UpstreamLayout extends TargetLayout {

    private final Identifier bookkeeping;

    UpstreamLayout(Identifier bookkeeping) {
        this.bookkeeping = bookkeeping;
    }

    /** The prefix of the layout's query index names ({@code <prefix>_file_type_ts_idx}, ...). */
    abstract String indexPrefix();

    @Override
    public final Identifier bookkeepingSchema() {
        return bookkeeping;
    }

    @Override
    public final String historyTable() {
        return "schema_history_" + name().configValue();
    }

    @Override
    public final List<String> brokerTables() {
        return List.of("project", "collector", "file", "latest_file", "update_meta");
    }

    /** V1 creates only what is absent, so a catalog made by upstream's schema.sql or the broker runs it unchanged. */
    @Override
    public final boolean adoptsByBaseline() {
        return false;
    }

    final String projectTable() {
        return dataSchema().qualify("project");
    }

    @Override
    public final String filesTable() {
        return dataSchema().qualify("file");
    }

    @Override
    public final String collectorsTable() {
        return dataSchema().qualify("collector");
    }

    @Override
    public final String latestTable() {
        return dataSchema().qualify("latest_file");
    }

    @Override
    public final String metaTable() {
        return dataSchema().qualify("update_meta");
    }

    @Override
    public final String appliedBlocksTable() {
        return bookkeeping.qualify("applied_blocks");
    }

    @Override
    public final String appliedGenerationTable() {
        return bookkeeping.qualify("applied_generation");
    }

    @Override
    public final String firstLoadStateTable() {
        return bookkeeping.qualify("first_load");
    }

    @Override
    public final String createFilesStage() {
        return "CREATE TEMP TABLE IF NOT EXISTS " + FILES_STAGE + " (project text, collector text, data_type text, "
            + "ts_epoch bigint, rough_size bigint, exact_size bigint) ON COMMIT DELETE ROWS";
    }

    /** A placeholder has base_uri '' (the column is NOT NULL) and the project's usual interval, as the broker's. */
    @Override
    public final String insertPlaceholderCollectors(String source) {
        return "INSERT INTO " + collectorsTable() + " (project_id, name, base_uri, updates_interval_seconds) "
            + "SELECT DISTINCT p.project_id, s.collector, '', CASE s.project WHEN 'ripe-ris' THEN 300 ELSE 900 END "
            + "FROM " + source + " s JOIN " + projectTable() + " p ON p.name = s.project "
            + "WHERE NOT EXISTS (SELECT 1 FROM " + collectorsTable() + " c "
            + "WHERE c.project_id = p.project_id AND c.name = s.collector) ORDER BY 1, 2 "
            + "ON CONFLICT (project_id, name) DO NOTHING";
    }

    @Override
    public final String insertFiles(String source) {
        return "INSERT INTO " + filesTable() + " (ts_start, collector_id, data_type, rough_size, exact_size) "
            + "SELECT to_timestamp(s.ts_epoch), c.collector_id, s.data_type, s.rough_size, s.exact_size "
            + "FROM " + source + " s JOIN " + projectTable() + " p ON p.name = s.project "
            + "JOIN " + collectorsTable() + " c ON c.project_id = p.project_id AND c.name = s.collector "
            + "ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING";
    }

    @Override
    public final String filesArraySource() {
        return "(SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[]) "
            + "AS a(project, collector, data_type, ts_epoch, rough_size, exact_size))";
    }

    /** A collector without a url keeps base_uri '' (NOT NULL upstream), as a placeholder does. */
    @Override
    public final String upsertCollector() {
        return "INSERT INTO " + collectorsTable() + " AS c (project_id, name, base_uri, updates_interval_seconds) "
            + "SELECT p.project_id, v.name, coalesce(v.url, ''), v.updates_interval "
            + "FROM (VALUES (?::text, ?::text, ?::text, ?::integer)) AS v(project, name, url, updates_interval) "
            + "JOIN " + projectTable() + " p ON p.name = v.project "
            + "ON CONFLICT (project_id, name) DO UPDATE SET base_uri = EXCLUDED.base_uri, "
            + "updates_interval_seconds = EXCLUDED.updates_interval_seconds "
            + "WHERE c.base_uri IS DISTINCT FROM EXCLUDED.base_uri "
            + "OR c.updates_interval_seconds IS DISTINCT FROM EXCLUDED.updates_interval_seconds";
    }

    @Override
    public final String selectCollectorKeys() {
        return "SELECT p.name, c.name FROM " + collectorsTable() + " c JOIN " + projectTable() + " p "
            + "ON p.project_id = c.project_id";
    }

    /** The batch's rows with their collector ids (the files were written just before, so every collector exists). */
    private String latestValues(String parameters) {
        return "SELECT c.collector_id, v.project, v.collector, v.type, v.ts_epoch, v.rough_size, v.exact_size "
            + "FROM " + parameters + " AS v(project, collector, type, ts_epoch, rough_size, exact_size) "
            + "JOIN " + projectTable() + " p ON p.name = v.project "
            + "JOIN " + collectorsTable() + " c ON c.project_id = p.project_id AND c.name = v.collector";
    }

    @Override
    public final String updateLatestWithoutWaiting() {
        return "WITH v AS (" + latestValues("unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], "
            + "?::bigint[])") + "), "
            + "locked AS (SELECT l.collector_id, l.data_type FROM " + latestTable() + " l JOIN v "
            + "ON l.collector_id = v.collector_id AND l.data_type = v.type WHERE l.ts_start < to_timestamp(v.ts_epoch) "
            + "ORDER BY 1, 2 FOR UPDATE OF l SKIP LOCKED), "
            + "updated AS (UPDATE " + latestTable() + " l SET ts_start = to_timestamp(v.ts_epoch), "
            + "rough_size = v.rough_size, exact_size = v.exact_size "
            + "FROM locked k JOIN v ON v.collector_id = k.collector_id AND v.type = k.data_type "
            + "WHERE l.collector_id = k.collector_id AND l.data_type = k.data_type "
            + "AND to_timestamp(v.ts_epoch) > l.ts_start RETURNING l.collector_id, l.data_type) "
            + "SELECT v.project, v.collector, v.type FROM v WHERE NOT EXISTS (SELECT 1 FROM updated u "
            + "WHERE u.collector_id = v.collector_id AND u.data_type = v.type) AND NOT EXISTS (SELECT 1 FROM "
            + latestTable() + " o WHERE o.collector_id = v.collector_id AND o.data_type = v.type "
            + "AND o.ts_start >= to_timestamp(v.ts_epoch))";
    }

    @Override
    public final String upsertLatestRow() {
        return "INSERT INTO " + latestTable() + " AS l (collector_id, data_type, ts_start, rough_size, exact_size) "
            + "SELECT v.collector_id, v.type, to_timestamp(v.ts_epoch), v.rough_size, v.exact_size FROM ("
            + latestValues("(VALUES (?::text, ?::text, ?::text, ?::bigint, ?::bigint, ?::bigint))") + ") v "
            + "ON CONFLICT (collector_id, data_type) DO UPDATE SET ts_start = EXCLUDED.ts_start, "
            + "rough_size = EXCLUDED.rough_size, exact_size = EXCLUDED.exact_size WHERE EXCLUDED.ts_start > l.ts_start";
    }

    /** As upstream's bootstrap.py refreshes it: the newest file per (collector id, data type). */
    @Override
    public final List<String> rebuildLatest() {
        return List.of("TRUNCATE " + latestTable(),
            "INSERT INTO " + latestTable() + " (collector_id, data_type, ts_start, rough_size, exact_size) "
                + "SELECT DISTINCT ON (collector_id, data_type) collector_id, data_type, ts_start, rough_size, exact_size "
                + "FROM " + filesTable() + " ORDER BY collector_id, data_type, ts_start DESC",
            "SELECT count(*) FROM " + latestTable());
    }

    @Override
    public final String insertMissingMeta() {
        return "INSERT INTO " + metaTable() + " (update_ts, update_duration_seconds, insert_count) "
            + "SELECT DISTINCT to_timestamp(v.ts), v.duration, v.count "
            + "FROM unnest(?::bigint[], ?::integer[], ?::integer[]) AS v(ts, duration, count) "
            + "WHERE NOT EXISTS (SELECT 1 FROM " + metaTable() + " m WHERE m.update_ts = to_timestamp(v.ts) "
            + "AND m.update_duration_seconds = v.duration AND m.insert_count = v.count)";
    }

    @Override
    public final List<DeferredIndex> deferredFileIndexes() {
        return List.of(new DeferredIndex(indexPrefix() + "_file_collector_type_ts_idx", "collector_id, data_type, ts_start"),
            new DeferredIndex(indexPrefix() + "_file_type_ts_idx", "data_type, ts_start"));
    }

    @Override
    public final String addFilesForeignKey(String quotedName) {
        return "ALTER TABLE " + filesTable() + " ADD CONSTRAINT " + quotedName + " FOREIGN KEY (collector_id) "
            + "REFERENCES " + collectorsTable() + " (collector_id) NOT VALID";
    }

    @Override
    public final String defaultFilesForeignKeyName() {
        return "file_collector_id_fkey";
    }

    /** The CHECKs of upstream's file table: sizes >= 0. */
    @Override
    public final Optional<String> refusal(FileRecord file) {
        if (file.roughSize() < 0 || file.exactSize() < 0) {
            return Optional.of("negative size (rough_size " + file.roughSize() + ", exact_size " + file.exactSize()
                + "): the " + name().configValue() + " layout's file table requires sizes >= 0");
        }
        return Optional.empty();
    }

    /** The CHECK of upstream's collector table: updates_interval_seconds > 0. */
    @Override
    public final Optional<String> refusal(CollectorRecord collector) {
        Integer interval = collector.updatesInterval();
        if (interval != null && interval <= 0) {
            return Optional.of("updates interval " + interval + " of collector " + collector.name() + ": the "
                + name().configValue() + " layout's collector table requires updates_interval_seconds > 0");
        }
        return Optional.empty();
    }

    @Override
    public final String filesRelation() {
        return "(SELECT ts_start AS ts, collector_id, data_type, rough_size, exact_size FROM " + filesTable() + ")";
    }

    @Override
    public final String collectorsRelation() {
        return "(SELECT c.collector_id AS id, p.name AS project, c.name, c.base_uri AS url, "
            + "c.updates_interval_seconds AS updates_interval FROM " + collectorsTable() + " c JOIN " + projectTable()
            + " p ON p.project_id = c.project_id)";
    }

    @Override
    public final String latestRelation() {
        return "(SELECT c.name AS collector_name, l.data_type AS type, l.ts_start AS ts, l.rough_size, l.exact_size "
            + "FROM " + latestTable() + " l JOIN " + collectorsTable() + " c ON c.collector_id = l.collector_id)";
    }

    @Override
    public final String metaRelation() {
        return "(SELECT update_ts, update_duration_seconds AS update_duration, insert_count FROM " + metaTable() + ")";
    }
}
