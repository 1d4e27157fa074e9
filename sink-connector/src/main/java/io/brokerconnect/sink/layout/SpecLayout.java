package io.brokerconnect.sink.layout;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.LayoutName;
import java.util.List;
import java.util.Optional;

/**
 * The specification's schema (seed 000) in a configurable schema: enums for project and data type, collectors with
 * an identity id the sink may look up, latest keyed by collector name, meta with an identity id, and (by default)
 * sizes of 0 stored as NULL. The sink's bookkeeping lives in the same schema, as it always has.
 */
final class SpecLayout extends TargetLayout {

    private final Identifier schema;
    private final boolean sizesZeroAsNull;

    SpecLayout(Identifier schema, boolean sizesZeroAsNull) {
        this.schema = schema;
        this.sizesZeroAsNull = sizesZeroAsNull;
    }

    @Override
    public LayoutName name() {
        return LayoutName.SPEC;
    }

    @Override
    public Identifier dataSchema() {
        return schema;
    }

    @Override
    public Identifier bookkeepingSchema() {
        return schema;
    }

    @Override
    public String migrationLocation() {
        return "classpath:io/brokerconnect/sink/migration";
    }

    @Override
    public String historyTable() {
        return "broker_connect_schema_history";
    }

    @Override
    public List<String> brokerTables() {
        return List.of("collectors", "files", "latest", "meta");
    }

    @Override
    public boolean adoptsByBaseline() {
        return true;
    }

    @Override
    public String filesTable() {
        return schema.qualify("files");
    }

    @Override
    public String collectorsTable() {
        return schema.qualify("collectors");
    }

    @Override
    public String latestTable() {
        return schema.qualify("latest");
    }

    @Override
    public String metaTable() {
        return schema.qualify("meta");
    }

    @Override
    public String appliedBlocksTable() {
        return schema.qualify("broker_connect_applied_blocks");
    }

    @Override
    public String appliedGenerationTable() {
        return schema.qualify("broker_connect_applied_generation");
    }

    @Override
    public String firstLoadStateTable() {
        return schema.qualify("broker_connect_first_load");
    }

    private String dataType() {
        return schema.qualify("data_type");
    }

    private String projectType() {
        return schema.qualify("project_type");
    }

    private String size(String column) {
        return sizesZeroAsNull ? "NULLIF(" + column + ", 0)" : column;
    }

    @Override
    public String createFilesStage() {
        return "CREATE TEMP TABLE IF NOT EXISTS " + FILES_STAGE + " (project " + projectType()
            + ", collector text, data_type " + dataType() + ", ts_epoch bigint, rough_size bigint, "
            + "exact_size bigint) ON COMMIT DELETE ROWS";
    }

    @Override
    public String insertPlaceholderCollectors(String source) {
        return "INSERT INTO " + collectorsTable() + " (project, name, updates_interval) "
            + "SELECT DISTINCT s.project, s.collector, CASE s.project WHEN 'ripe-ris' THEN 300 ELSE 900 END "
            + "FROM " + source + " s WHERE NOT EXISTS (SELECT 1 FROM " + collectorsTable() + " c "
            + "WHERE c.project = s.project AND c.name = s.collector) ORDER BY 1, 2 "
            + "ON CONFLICT (project, name) DO NOTHING";
    }

    @Override
    public String insertFiles(String source) {
        return "INSERT INTO " + filesTable() + " (ts, collector_id, data_type, rough_size, exact_size) "
            + "SELECT to_timestamp(s.ts_epoch), c.id, s.data_type, " + size("s.rough_size") + ", "
            + size("s.exact_size") + " FROM " + source + " s "
            + "JOIN " + collectorsTable() + " c ON c.project = s.project AND c.name = s.collector "
            + "ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING";
    }

    @Override
    public String filesArraySource() {
        return "(SELECT a.project::" + projectType() + " AS project, a.collector, a.data_type::" + dataType()
            + " AS data_type, a.ts_epoch, a.rough_size, a.exact_size FROM unnest(?::text[], ?::text[], ?::text[], "
            + "?::bigint[], ?::bigint[], ?::bigint[]) AS a(project, collector, data_type, ts_epoch, rough_size, "
            + "exact_size))";
    }

    @Override
    public String upsertCollector() {
        return "INSERT INTO " + collectorsTable() + " AS c (project, name, url, updates_interval) "
            + "VALUES (?::" + projectType() + ", ?, ?, ?) "
            + "ON CONFLICT (project, name) DO UPDATE SET url = EXCLUDED.url, updates_interval = EXCLUDED.updates_interval "
            + "WHERE c.url IS DISTINCT FROM EXCLUDED.url OR c.updates_interval IS DISTINCT FROM EXCLUDED.updates_interval";
    }

    @Override
    public String selectCollectorKeys() {
        return "SELECT project::text, name FROM " + collectorsTable();
    }

    @Override
    public String updateLatestWithoutWaiting() {
        return "WITH v AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], "
            + "?::bigint[]) AS v(project, collector, type, ts_epoch, rough_size, exact_size)), "
            + "locked AS (SELECT l.collector_name, l.type FROM " + latestTable() + " l JOIN v "
            + "ON l.collector_name = v.collector AND l.type = v.type WHERE l.ts < to_timestamp(v.ts_epoch) "
            + "ORDER BY 1, 2 FOR UPDATE OF l SKIP LOCKED), "
            + "updated AS (UPDATE " + latestTable() + " l SET ts = to_timestamp(v.ts_epoch), rough_size = "
            + size("v.rough_size") + ", exact_size = " + size("v.exact_size")
            + " FROM locked k JOIN v ON v.collector = k.collector_name AND v.type = k.type "
            + "WHERE l.collector_name = k.collector_name AND l.type = k.type AND to_timestamp(v.ts_epoch) > l.ts "
            + "RETURNING l.collector_name, l.type) "
            // What is left: neither updated now nor already at least as new in the committed state.
            + "SELECT v.project, v.collector, v.type FROM v WHERE NOT EXISTS (SELECT 1 FROM updated u "
            + "WHERE u.collector_name = v.collector AND u.type = v.type) AND NOT EXISTS (SELECT 1 FROM "
            + latestTable() + " o WHERE o.collector_name = v.collector AND o.type = v.type "
            + "AND o.ts >= to_timestamp(v.ts_epoch))";
    }

    @Override
    public String upsertLatestRow() {
        return "INSERT INTO " + latestTable() + " AS l (collector_name, type, ts, rough_size, exact_size) "
            + "SELECT v.collector, v.type, to_timestamp(v.ts_epoch), " + size("v.rough_size") + ", "
            + size("v.exact_size") + " FROM (VALUES (?::text, ?::text, ?::text, ?::bigint, ?::bigint, ?::bigint)) "
            + "AS v(project, collector, type, ts_epoch, rough_size, exact_size) "
            + "ON CONFLICT (collector_name, type) DO UPDATE SET ts = EXCLUDED.ts, rough_size = EXCLUDED.rough_size, "
            + "exact_size = EXCLUDED.exact_size WHERE EXCLUDED.ts > l.ts";
    }

    /** The spec's own bootstrap_latest() function (migration V1) does the rebuild. */
    @Override
    public List<String> rebuildLatest() {
        return List.of("SELECT " + schema.qualify("bootstrap_latest") + "()");
    }

    @Override
    public String insertMissingMeta() {
        return "INSERT INTO " + metaTable() + " (update_ts, update_duration, insert_count) "
            + "SELECT DISTINCT to_timestamp(v.ts), v.duration, v.count "
            + "FROM unnest(?::bigint[], ?::integer[], ?::integer[]) AS v(ts, duration, count) "
            + "WHERE NOT EXISTS (SELECT 1 FROM " + metaTable() + " m WHERE m.update_ts = to_timestamp(v.ts) "
            + "AND m.update_duration = v.duration AND m.insert_count = v.count)";
    }

    @Override
    public List<DeferredIndex> deferredFileIndexes() {
        return List.of(new DeferredIndex("idx_files_collector_type_ts", "collector_id, data_type, ts"),
            new DeferredIndex("idx_files_type_ts", "data_type, ts"));
    }

    /** The spec's files table is this project's own, and nothing of the spec references it. */
    @Override
    public Optional<DeferredIndex> deferredFilesPrimaryKey() {
        return Optional.of(new DeferredIndex("files_pkey", "ts, collector_id, data_type"));
    }

    @Override
    public Optional<DirectFilesCopy> directFilesCopy() {
        return Optional.of(new DirectFilesCopy(
            "COPY " + filesTable() + " (ts, collector_id, data_type, rough_size, exact_size) FROM STDIN (FORMAT binary)",
            "SELECT project::text, name, id FROM " + collectorsTable(),
            "SELECT NOT EXISTS (SELECT 1 FROM pg_index WHERE indrelid = '" + filesTable().replace("'", "''")
                + "'::regclass AND indisunique)",
            sizesZeroAsNull));
    }

    @Override
    public String addFilesForeignKey(String quotedName) {
        return "ALTER TABLE " + filesTable() + " ADD CONSTRAINT " + quotedName + " FOREIGN KEY (collector_id) "
            + "REFERENCES " + collectorsTable() + " (id) ON DELETE RESTRICT NOT VALID";
    }

    @Override
    public String defaultFilesForeignKeyName() {
        return "files_collector_id_fkey";
    }

    /** The spec's tables have no CHECKs: whatever the record model accepts, they store. */
    @Override
    public Optional<String> refusal(FileRecord file) {
        return Optional.empty();
    }

    @Override
    public Optional<String> refusal(CollectorRecord collector) {
        return Optional.empty();
    }

    @Override
    public String filesRelation() {
        return "(SELECT ts, collector_id::bigint AS collector_id, data_type::text AS data_type, rough_size, exact_size "
            + "FROM " + filesTable() + ")";
    }

    @Override
    public String collectorsRelation() {
        return "(SELECT id::bigint AS id, project::text AS project, name, url, updates_interval FROM "
            + collectorsTable() + ")";
    }

    @Override
    public String latestRelation() {
        return "(SELECT collector_name, type, ts, rough_size, exact_size FROM " + latestTable() + ")";
    }

    @Override
    public String metaRelation() {
        return "(SELECT update_ts, update_duration, insert_count FROM " + metaTable() + ")";
    }
}
