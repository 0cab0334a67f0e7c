-- Grain state of the enrollment grains (PostgresGrainStorage): one row per (state name, grain id), Orleans' binary
-- serializer, optimistic concurrency by ETag; and the lookup keys a state names, written in the same transaction.
CREATE TABLE IF NOT EXISTS eals_grain_state (
    state_name text        NOT NULL,
    grain_id   text        NOT NULL,
    etag       text        NOT NULL,
    data       bytea       NOT NULL,
    written_at timestamptz NOT NULL,
    PRIMARY KEY (state_name, grain_id)
);

CREATE TABLE IF NOT EXISTS eals_grain_lookup (
    state_name text NOT NULL,
    lookup_key text NOT NULL,
    grain_id   text NOT NULL,
    PRIMARY KEY (state_name, lookup_key)
);

CREATE INDEX IF NOT EXISTS eals_grain_lookup_by_grain ON eals_grain_lookup (state_name, grain_id);
