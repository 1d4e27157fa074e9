-- broker-connect, mrt layout V3: triggers on the broker's tables that keep replays and dual writes exact. The
-- functions live in the bookkeeping schema ${flyway:defaultSchema}; only the triggers are attached to broker tables
-- (CREATE OR REPLACE, so a catalog renamed from an earlier layout, whose triggers came along, is taken over as it is).

-- update_meta has no key and the broker inserts a plain row per crawl round: during a dual write the same round can
-- come from the broker and from the sink (copied from SQLite), in either order. An insert of a round that is already
-- there (same update_ts, update_duration_seconds, insert_count) becomes a silent no-op, whoever inserts it.
-- Inserts serialise on one transaction-scoped advisory lock, the key the sink's meta writer takes too
-- (0x62726f6b65724d45), so the check sees a concurrent inserter's committed row.
CREATE OR REPLACE FUNCTION upstream_meta_skip_duplicate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    present BOOLEAN;
BEGIN
    PERFORM pg_advisory_xact_lock(7093854870116126021);
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE update_ts = $1 AND update_duration_seconds = $2 '
                   'AND insert_count = $3)', TG_TABLE_SCHEMA, TG_TABLE_NAME)
        INTO present USING NEW.update_ts, NEW.update_duration_seconds, NEW.insert_count;
    IF present THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION forget_applied_blocks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "${flyway:defaultSchema}".applied_generation SET generation = generation + 1;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION upstream_forget_applied_blocks_if_latest_older() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_latest o JOIN new_latest n USING (collector_id, data_type) WHERE n.ts_start < o.ts_start)
       OR EXISTS (SELECT 1 FROM old_latest o WHERE NOT EXISTS (
           SELECT 1 FROM new_latest n WHERE n.collector_id = o.collector_id AND n.data_type = o.data_type)) THEN
        UPDATE "${flyway:defaultSchema}".applied_generation SET generation = generation + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER broker_connect_meta_skip_duplicate BEFORE INSERT ON mrt.update_meta
    FOR EACH ROW EXECUTE FUNCTION upstream_meta_skip_duplicate();
CREATE OR REPLACE TRIGGER broker_connect_files_removed AFTER DELETE OR TRUNCATE ON mrt.file
    FOR EACH STATEMENT EXECUTE FUNCTION forget_applied_blocks();
CREATE OR REPLACE TRIGGER broker_connect_latest_removed AFTER DELETE OR TRUNCATE ON mrt.latest_file
    FOR EACH STATEMENT EXECUTE FUNCTION forget_applied_blocks();
CREATE OR REPLACE TRIGGER broker_connect_latest_moved_back AFTER UPDATE ON mrt.latest_file
    REFERENCING OLD TABLE AS old_latest NEW TABLE AS new_latest
    FOR EACH STATEMENT EXECUTE FUNCTION upstream_forget_applied_blocks_if_latest_older();
CREATE OR REPLACE TRIGGER broker_connect_collectors_removed AFTER DELETE OR TRUNCATE OR UPDATE OF project_id, name
    ON mrt.collector FOR EACH STATEMENT EXECUTE FUNCTION forget_applied_blocks();
