-- Deletions of translation-memory entries (MemoryTombstone): a tombstone is a row of the same log, in the same order as
-- the entries (a saved index counts both), never matched itself; the entry it deletes leaves lookups like a replaced one.
ALTER TABLE tm_entries ADD COLUMN tombstone boolean NOT NULL DEFAULT false;
