-- broker-connect V3: meta has no natural key (the broker inserts with a plain INSERT and the identity default), so
-- during a dual-write cutover the same crawl round can arrive twice: from the broker's own insert and from the sink,
-- which copies the round from SQLite, in either order. This trigger makes every insert of a round that is already
-- there (same update_ts, update_duration and insert_count) a silent no-op, whoever inserts it: the broker's plain
-- INSERT neither fails nor duplicates. Inserts of the same update_ts are serialised on a transaction-scoped
-- advisory lock, so that the check sees a concurrent inserter's committed row (READ COMMITTED takes a new snapshot
-- per statement of a volatile function).
CREATE FUNCTION broker_connect_meta_skip_duplicate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    present BOOLEAN;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('broker_connect_meta ' || NEW.update_ts::text, 0));
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE update_ts = $1 AND update_duration = $2 '
                   'AND insert_count = $3)', TG_TABLE_SCHEMA, TG_TABLE_NAME)
        INTO present USING NEW.update_ts, NEW.update_duration, NEW.insert_count;
    IF present THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER broker_connect_meta_skip_duplicate BEFORE INSERT ON meta
    FOR EACH ROW EXECUTE FUNCTION broker_connect_meta_skip_duplicate();
