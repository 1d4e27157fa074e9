-- broker-connect V2: bookkeeping for the first load. While the files table is being filled from empty, the sink
-- drops the secondary indexes and the foreign key of files (the primary key stays, so inserts stay idempotent)
-- and records that here; when the load has caught up it rebuilds them and deletes the row. A row here after a
-- crash means the rebuild is still owed, and the next sink task to catch up performs it.
CREATE TABLE broker_connect_first_load (
    singleton     BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    deferred_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    fk_name       TEXT NOT NULL
);
