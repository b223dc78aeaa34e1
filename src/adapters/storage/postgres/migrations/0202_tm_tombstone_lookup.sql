-- The memory service asks, for every new approval, when the same pair was last deleted (deletedAt): tombstones by pair
-- and source hash, so that question reads a few rows, never the whole log.
CREATE INDEX tm_entries_tombstones ON tm_entries (pair, source_hash) WHERE tombstone;
