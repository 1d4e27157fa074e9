-- broker-connect, broker layout V1: upstream's catalog (bgpkit-broker f80b9a4, migration/postgres_bootstrap/schema.sql)
-- object for object, plus its query indexes (bootstrap.py creates them after the load). Everything is created only
-- when absent, so a catalog that upstream's schema.sql, bootstrap.py or the broker itself created is adopted as it is:
-- nothing is recreated, replaced or rewritten, and the file table's primary key (which other products reference) is
-- never touched. Flyway runs this with the bookkeeping schema ${flyway:defaultSchema} as its default schema, so every
-- broker object is qualified. Never edit an applied migration: add a new version.

CREATE SCHEMA IF NOT EXISTS broker;

CREATE TABLE IF NOT EXISTS broker.project (
    project_id SMALLINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name IN ('ripe-ris', 'route-views'))
);

CREATE TABLE IF NOT EXISTS broker.collector (
    collector_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id SMALLINT NOT NULL REFERENCES broker.project(project_id),
    name TEXT NOT NULL,
    base_uri TEXT NOT NULL,
    updates_interval_seconds INTEGER NOT NULL CHECK (updates_interval_seconds > 0),
    UNIQUE (project_id, name)
);

CREATE TABLE IF NOT EXISTS broker.file (
    ts_start TIMESTAMPTZ NOT NULL,
    collector_id BIGINT NOT NULL REFERENCES broker.collector(collector_id),
    data_type TEXT NOT NULL CHECK (data_type IN ('rib', 'updates')),
    rough_size BIGINT NOT NULL DEFAULT 0 CHECK (rough_size >= 0),
    exact_size BIGINT NOT NULL DEFAULT 0 CHECK (exact_size >= 0),
    PRIMARY KEY (ts_start, collector_id, data_type)
);

CREATE TABLE IF NOT EXISTS broker.latest_file (
    collector_id BIGINT NOT NULL REFERENCES broker.collector(collector_id),
    data_type TEXT NOT NULL CHECK (data_type IN ('rib', 'updates')),
    ts_start TIMESTAMPTZ NOT NULL,
    rough_size BIGINT NOT NULL DEFAULT 0,
    exact_size BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (collector_id, data_type)
);

CREATE TABLE IF NOT EXISTS broker.update_meta (
    update_ts TIMESTAMPTZ NOT NULL,
    update_duration_seconds INTEGER NOT NULL,
    insert_count INTEGER NOT NULL
);

-- The read views, created only when absent (upstream's CREATE OR REPLACE would rewrite an adopted one).
DO $$
BEGIN
    IF to_regclass('broker.file_search_view') IS NULL THEN
        CREATE VIEW broker.file_search_view AS
        SELECT
            f.ts_start AS timestamp,
            f.rough_size,
            f.exact_size,
            f.data_type AS type,
            c.name AS collector_name,
            c.base_uri AS collector_url,
            p.name AS project_name,
            c.updates_interval_seconds AS updates_interval
        FROM broker.file AS f
        JOIN broker.collector AS c USING (collector_id)
        JOIN broker.project AS p USING (project_id);
    END IF;
    IF to_regclass('broker.file_latest_view') IS NULL THEN
        CREATE VIEW broker.file_latest_view AS
        SELECT
            l.ts_start AS timestamp,
            l.rough_size,
            l.exact_size,
            l.data_type AS type,
            c.name AS collector_name,
            c.base_uri AS collector_url,
            p.name AS project_name,
            c.updates_interval_seconds AS updates_interval
        FROM broker.latest_file AS l
        JOIN broker.collector AS c USING (collector_id)
        JOIN broker.project AS p USING (project_id);
    END IF;
END
$$;

-- The query indexes of bootstrap.py (a first load drops the two file indexes and rebuilds them when caught up).
CREATE INDEX IF NOT EXISTS broker_file_collector_type_ts_idx ON broker.file (collector_id, data_type, ts_start);
CREATE INDEX IF NOT EXISTS broker_file_type_ts_idx ON broker.file (data_type, ts_start);
CREATE INDEX IF NOT EXISTS broker_update_meta_ts_idx ON broker.update_meta (update_ts DESC);

-- The broker's collector statement selects the project row by name: both must exist before any collector.
INSERT INTO broker.project (name) VALUES ('ripe-ris'), ('route-views') ON CONFLICT (name) DO NOTHING;
