-- EALS: the table from which Orleans' ADO.NET providers load the statements they run (key -> SQL).
-- Written for this project against the providers' parameter and column contract; applied by
-- Silo/Cluster/PostgresSchema.cs inside one transaction under an advisory lock.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64)   NOT NULL PRIMARY KEY,
    querytext varchar(8000) NOT NULL
);
