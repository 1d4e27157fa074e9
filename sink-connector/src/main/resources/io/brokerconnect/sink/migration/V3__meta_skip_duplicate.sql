-- broker-connect V3: meta has no natural key (the broker inserts with a plain INSERT and the identity default), so
-- during a dual-write cutover the same crawl round can arrive twice: from the broker's own insert and from the sink,
-- which copies the round from SQLite, in either order. This trigger makes every insert of a round that is already
-- there (same update_ts, update_duration and insert_count) a silent no-op, whoever inserts it: the broker's plain
-- INSERT neither fails nor duplicates. Meta inserts are serialised on one transaction-scoped advisory lock (the key
-- the sink's meta writer takes too), so that the check sees a concurrent inserter's committed row (READ COMMITTED
-- takes a new snapshot per statement of a volatile function). One key, not one per row: a transaction re-taking a
-- lock it holds uses no new lock-table slot, while a lock per row would exhaust max_locks_per_transaction on a
-- large batch. Meta inserts are rare (one per crawl round) and the sink inserts meta last before it commits, so the
-- lock is never held long.
CREATE FUNCTION broker_connect_meta_skip_duplicate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    present BOOLEAN;
BEGIN
    PERFORM pg_advisory_xact_lock(7093854870116126021); -- 0x62726f6b65724d45, MetaWriter's key
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
