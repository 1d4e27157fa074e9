package io.brokerconnect.sink.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads a schema's objects from PostgreSQL's catalogs and checks them against the specification, object by object. */
public final class SchemaObjects {

    private SchemaObjects() {
    }

    public static void assertSpecSchema(Connection c, String schema) throws SQLException {
        assertEquals(List.of("data_type=rib,updates", "project_type=ripe-ris,route-views"),
            rows(c, "SELECT t.typname || '=' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_type t "
                + "JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace "
                + "WHERE n.nspname = ? GROUP BY t.typname ORDER BY 1", schema));

        assertEquals(List.of(
                "collectors.id integer NO identity=BY DEFAULT",
                "collectors.project project_type NO",
                "collectors.name text NO",
                "collectors.url text YES",
                "collectors.updates_interval integer NO default=900",
                "files.ts timestamp with time zone NO",
                "files.collector_id integer NO",
                "files.data_type data_type NO",
                "files.rough_size bigint YES",
                "files.exact_size bigint YES",
                "latest.collector_name text NO",
                "latest.type text NO",
                "latest.ts timestamp with time zone NO",
                "latest.rough_size bigint YES",
                "latest.exact_size bigint YES",
                "meta.id integer NO identity=BY DEFAULT",
                "meta.update_ts timestamp with time zone NO default=now()",
                "meta.update_duration integer NO default=0",
                "meta.insert_count integer NO default=0"),
            rows(c, "SELECT table_name || '.' || column_name || ' ' || CASE WHEN data_type = 'USER-DEFINED' THEN udt_name "
                + "ELSE data_type END || ' ' || is_nullable || CASE WHEN is_identity = 'YES' THEN ' identity=' "
                + "|| identity_generation ELSE '' END || COALESCE(' default=' || column_default, '') "
                + "FROM information_schema.columns WHERE table_schema = ? AND table_name IN "
                + "('collectors', 'files', 'latest', 'meta') ORDER BY CASE table_name WHEN 'collectors' THEN 1 "
                + "WHEN 'files' THEN 2 WHEN 'latest' THEN 3 ELSE 4 END, ordinal_position", schema));

        Set<String> constraints = new TreeSet<>(rows(c, "SELECT cl.relname || ' ' || pg_get_constraintdef(co.oid) "
            + "FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace "
            + "WHERE n.nspname = ? AND co.contype IN ('p', 'u', 'f') AND cl.relname IN ('collectors','files','latest','meta')",
            schema));
        String fk = "files FOREIGN KEY (collector_id) REFERENCES " + (schema.equals("public") ? "" : schema + ".")
            + "collectors(id) ON DELETE RESTRICT";
        assertEquals(new TreeSet<>(List.of(
            "collectors PRIMARY KEY (id)", "collectors UNIQUE (project, name)",
            "files PRIMARY KEY (ts, collector_id, data_type)", fk,
            "latest PRIMARY KEY (collector_name, type)", "meta PRIMARY KEY (id)")), constraints);

        List<String> indexes = rows(c, "SELECT indexname || ' ' || regexp_replace(indexdef, '^.* USING ', '') "
            + "FROM pg_indexes WHERE schemaname = ? AND indexname LIKE 'idx_%' ORDER BY 1", schema);
        assertEquals(List.of(
            "idx_files_collector_type_ts btree (collector_id, data_type, ts)",
            "idx_files_type_ts btree (data_type, ts)",
            "idx_latest_collector btree (collector_name)",
            "idx_meta_update_ts btree (update_ts DESC)"), indexes);

        assertEquals(List.of("files_view", "latest_view"),
            rows(c, "SELECT viewname FROM pg_views WHERE schemaname = ? ORDER BY 1", schema));
        List<String> viewColumns = rows(c, "SELECT table_name || ':' || string_agg(column_name, ',' ORDER BY "
            + "ordinal_position) FROM information_schema.columns WHERE table_schema = ? AND table_name LIKE '%_view' "
            + "GROUP BY table_name ORDER BY 1", schema);
        assertEquals(List.of(
            "files_view:ts,rough_size,exact_size,type,collector_name,collector_url,project_name,updates_interval",
            "latest_view:ts,rough_size,exact_size,type,collector_name,collector_url,project_name,updates_interval"),
            viewColumns);

        List<String> functions = rows(c, "SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' "
            + "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ? ORDER BY 1", schema);
        assertTrue(functions.contains("bootstrap_latest()"), functions.toString());
        assertTrue(functions.contains("cleanup_meta(retention_days integer)"), functions.toString());
        assertTrue(functions.contains("upsert_latest(p_collector_name text, p_type text, p_ts timestamp with time zone, "
            + "p_rough_size bigint, p_exact_size bigint)"), functions.toString());
    }

    static List<String> rows(Connection c, String sql, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, schema);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
