-- EALS: the pledge directory's tables (Silo/Cluster/PostgresPledgeDirectoryStore.cs); idempotent, applied at
-- every start by Silo/Cluster/PostgresSchema.cs. Serials in the "C" collation: ordered as the API lists them.
CREATE TABLE IF NOT EXISTS pledge_directory
(
    serial     text COLLATE "C" NOT NULL PRIMARY KEY,
    status     integer          NOT NULL,
    updated_at bigint           NOT NULL
);
-- (status, serial): a status filter in serial order, and its count, from the index alone.
CREATE INDEX IF NOT EXISTS pledge_directory_by_status ON pledge_directory (status, serial);

CREATE TABLE IF NOT EXISTS pledge_status_counts
(
    status  integer NOT NULL PRIMARY KEY,
    pledges bigint  NOT NULL
);

CREATE TABLE IF NOT EXISTS issued_certificates
(
    serial_hex    text COLLATE "C" NOT NULL PRIMARY KEY,
    pledge_serial text             NOT NULL,
    subject       text             NOT NULL,
    issued_at     bigint           NOT NULL,
    not_after     bigint           NOT NULL,
    re_enrollment boolean          NOT NULL
);
CREATE INDEX IF NOT EXISTS issued_certificates_newest_first ON issued_certificates (issued_at DESC, serial_hex);

CREATE TABLE IF NOT EXISTS directory_totals
(
    name  text   NOT NULL PRIMARY KEY,
    total bigint NOT NULL
);
INSERT INTO directory_totals (name, total)
SELECT 'certificates', (SELECT count(*) FROM issued_certificates) WHERE NOT EXISTS (SELECT 1 FROM directory_totals WHERE name = 'certificates');

-- Trigrams make a search for a serial's fragment (3 characters or more) an index look-up instead of a scan of
-- every row. pg_trgm ships with PostgreSQL (contrib) and is trusted (PostgreSQL 13+): the database's owner may
-- install it. Where it cannot be installed, searches scan the table (about half a second for a million rows).
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available (%): pledge searches scan the table', SQLERRM;
END
$$;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        -- On lower(serial), as the search asks (PostgresPledgeDirectoryStore): one on the serial itself also
        -- serves equality (pg_trgm 1.6), and a batch's look-up of 5,000 serials by "= ANY" then ran past 30 s.
        CREATE INDEX IF NOT EXISTS pledge_directory_serial_trigrams ON pledge_directory USING gin (lower(serial) gin_trgm_ops);
    END IF;
END
$$;
