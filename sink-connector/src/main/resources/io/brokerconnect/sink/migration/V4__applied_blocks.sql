-- broker-connect V4: which blocks of the files topic have been applied, so that a replay can skip the ones that
-- are known to be in PostgreSQL already instead of probing the primary key for each of their rows.
--
-- A row says: the records of files topic partition `kafka_partition` in offsets [block * 128, block * 128 + 127],
-- as the sink received them, fingerprinted as (hash_a, hash_b), were inserted-if-absent into files (and their newest
-- per collector and type applied to latest) while the generation was `generation`. A replay skips a block only if it
-- receives records with the same fingerprint and the generation has not changed since.
--
-- Anything that could take a row away from what was applied bumps the generation, so that every block is written
-- again on the next replay, as if there were no ledger: deleting or truncating files, latest or collectors, renaming a
-- collector, or moving a latest row back to an older file.
CREATE TABLE broker_connect_applied_generation (
    singleton  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    generation BIGINT NOT NULL
);
INSERT INTO broker_connect_applied_generation (generation) VALUES (0);

CREATE TABLE broker_connect_applied_blocks (
    topic           TEXT NOT NULL,
    kafka_partition INTEGER NOT NULL,
    block           BIGINT NOT NULL,
    hash_a          BIGINT NOT NULL,
    hash_b          BIGINT NOT NULL,
    generation      BIGINT NOT NULL,
    PRIMARY KEY (topic, kafka_partition, block)
);

CREATE FUNCTION broker_connect_forget_applied_blocks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Qualified by the trigger's own schema: the broker's sessions need not have it on their search_path.
    EXECUTE format('UPDATE %I.broker_connect_applied_generation SET generation = generation + 1', TG_TABLE_SCHEMA);
    RETURN NULL;
END
$$;

CREATE FUNCTION broker_connect_forget_applied_blocks_if_latest_older() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_latest o JOIN new_latest n USING (collector_name, type) WHERE n.ts < o.ts)
       OR EXISTS (SELECT 1 FROM old_latest o WHERE NOT EXISTS (
           SELECT 1 FROM new_latest n WHERE n.collector_name = o.collector_name AND n.type = o.type)) THEN
        EXECUTE format('UPDATE %I.broker_connect_applied_generation SET generation = generation + 1',
            TG_TABLE_SCHEMA);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER broker_connect_files_removed AFTER DELETE OR TRUNCATE ON files
    FOR EACH STATEMENT EXECUTE FUNCTION broker_connect_forget_applied_blocks();
CREATE TRIGGER broker_connect_latest_removed AFTER DELETE OR TRUNCATE ON latest
    FOR EACH STATEMENT EXECUTE FUNCTION broker_connect_forget_applied_blocks();
CREATE TRIGGER broker_connect_latest_moved_back AFTER UPDATE ON latest
    REFERENCING OLD TABLE AS old_latest NEW TABLE AS new_latest
    FOR EACH STATEMENT EXECUTE FUNCTION broker_connect_forget_applied_blocks_if_latest_older();
CREATE TRIGGER broker_connect_collectors_removed AFTER DELETE OR TRUNCATE OR UPDATE OF project, name ON collectors
    FOR EACH STATEMENT EXECUTE FUNCTION broker_connect_forget_applied_blocks();
