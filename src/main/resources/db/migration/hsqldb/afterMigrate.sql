-- Runs after every Flyway migrate on HSQLDB (a Flyway callback, HSQLDB-only location).
-- Durability: sync the log on every commit, so an acknowledged ticket survives kill -9.
SET FILES WRITE DELAY FALSE;
