-- broker-connect, mrt layout V3: triggers on the broker's tables that keep replays and dual writes exact. The
-- functions live in the bookkeeping schema ${flyway:defaultSchema}; only the triggers are attached to broker tables
-- (CREATE OR REPLACE, so a catalog renamed from an earlier layout, whose triggers came along, is taken over as it is).

-- update_meta has no key and the broker inserts one row per crawl round, as INSERT ... VALUES (now(), ...) RETURNING
-- (src/db/postgres.rs): during a dual write the same round also comes from the sink, copied from SQLite, in either
-- order, and the two copies differ in update_ts by the moment each side took (the broker's now() has microseconds,
-- SQLite's copy whole seconds). An insert that meets a row of the same round (same duration and insert count,
-- update_ts within 60 s: rounds are minutes apart) replaces it instead of adding a second row, and keeps SQLite's
-- whole-second timestamp when one of the two has it, so the end state is the same whichever side came first and
-- verify compares it with SQLite exactly. Replacing rather than skipping keeps the broker's insert returning its row
-- (upstream reads it with fetch_one; a skipped insert returned none and the broker logged an error).
-- Inserts serialise on one transaction-scoped advisory lock, the key the sink's meta writer takes too
-- (0x62726f6b65724d45), so the check sees a concurrent inserter's committed row.
CREATE OR REPLACE FUNCTION upstream_meta_same_round() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    existing_row TID;
    existing_ts TIMESTAMPTZ;
BEGIN
    PERFORM pg_advisory_xact_lock(7093854870116126021);
    EXECUTE format('SELECT ctid, update_ts FROM %I.%I WHERE update_duration_seconds = $2 AND insert_count = $3 '
                   'AND update_ts BETWEEN $1 - interval ''60 seconds'' AND $1 + interval ''60 seconds'' '
                   'ORDER BY abs(extract(epoch FROM update_ts - $1)) LIMIT 1', TG_TABLE_SCHEMA, TG_TABLE_NAME)
        INTO existing_row, existing_ts USING NEW.update_ts, NEW.update_duration_seconds, NEW.insert_count;
    IF existing_row IS NULL THEN
        RETURN NEW;
    END IF;
    IF date_trunc('second', existing_ts) = existing_ts AND date_trunc('second', NEW.update_ts) <> NEW.update_ts THEN
        NEW.update_ts := existing_ts;
    END IF;
    EXECUTE format('DELETE FROM %I.%I WHERE ctid = $1', TG_TABLE_SCHEMA, TG_TABLE_NAME) USING existing_row;
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

CREATE OR REPLACE TRIGGER broker_connect_meta_same_round BEFORE INSERT ON mrt.update_meta
    FOR EACH ROW EXECUTE FUNCTION upstream_meta_same_round();
CREATE OR REPLACE TRIGGER broker_connect_files_removed AFTER DELETE OR TRUNCATE ON mrt.file
    FOR EACH STATEMENT EXECUTE FUNCTION forget_applied_blocks();
CREATE OR REPLACE TRIGGER broker_connect_latest_removed AFTER DELETE OR TRUNCATE ON mrt.latest_file
    FOR EACH STATEMENT EXECUTE FUNCTION forget_applied_blocks();
CREATE OR REPLACE TRIGGER broker_connect_latest_moved_back AFTER UPDATE ON mrt.latest_file
    REFERENCING OLD TABLE AS old_latest NEW TABLE AS new_latest
    FOR EACH STATEMENT EXECUTE FUNCTION upstream_forget_applied_blocks_if_latest_older();
CREATE OR REPLACE TRIGGER broker_connect_collectors_removed AFTER DELETE OR TRUNCATE OR UPDATE OF project_id, name
    ON mrt.collector FOR EACH STATEMENT EXECUTE FUNCTION forget_applied_blocks();
