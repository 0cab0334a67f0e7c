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
