-- broker-connect, mrt layout V2: the sink's bookkeeping, in its own schema ${flyway:defaultSchema} (never in the
-- broker's), shared by every layout that uses this bookkeeping schema (hence IF NOT EXISTS).
--
-- first_load: while the file table is being filled from empty, the sink drops its two query indexes and its foreign
-- key to collector (never the primary key) and records that here; the task that sees the load caught up rebuilds
-- them and deletes the row.
--
-- applied_blocks / applied_generation: which blocks of 128 files-topic offsets have been applied (with their
-- fingerprint), so that a replay can skip them; anything that could take a row away bumps the generation (V3's
-- triggers), which invalidates every recorded block.
CREATE TABLE IF NOT EXISTS first_load (
    singleton     BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    deferred_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    fk_name       TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS applied_generation (
    singleton  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    generation BIGINT NOT NULL
);
INSERT INTO applied_generation (generation) VALUES (0) ON CONFLICT (singleton) DO NOTHING;

CREATE TABLE IF NOT EXISTS applied_blocks (
    topic           TEXT NOT NULL,
    kafka_partition INTEGER NOT NULL,
    block           BIGINT NOT NULL,
    hash_a          BIGINT NOT NULL,
    hash_b          BIGINT NOT NULL,
    generation      BIGINT NOT NULL,
    PRIMARY KEY (topic, kafka_partition, block)
);
