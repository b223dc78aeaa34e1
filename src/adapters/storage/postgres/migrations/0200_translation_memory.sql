-- Translation memory (TranslationMemoryStore) with fuzzy lookup in the database: pg_trgm finds candidates by trigram
-- similarity of the matching form (core/fuzzy-index.ts matchForm, computed by the application when an entry is
-- added), and the application scores them with the same edit-distance rerank as the embedded index.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE tm_entries (
  -- The order entries were added in (all() returns it; newer wins ties, as in the embedded index).
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  -- The language pair as the memory service keys it (`ko>en`), for lookups.
  pair text NOT NULL,
  source_hash text NOT NULL,
  form text NOT NULL,
  form_length integer NOT NULL,
  -- The form spelled for pg_trgm (trigram-key.ts): under the C locale pg_trgm sees no letters outside ASCII.
  trigrams text NOT NULL,
  -- Set when a later entry of the same pair replaces this one: it stays in the log but leaves lookups.
  replaced boolean NOT NULL DEFAULT false,
  entry json NOT NULL
);

CREATE INDEX tm_entries_trigrams ON tm_entries USING gin (trigrams gin_trgm_ops);
CREATE INDEX tm_entries_exact ON tm_entries (pair, source_hash, seq) WHERE NOT replaced;

-- The memory service's index snapshot (readIndex/writeIndex): one row, replaced whole in one statement.
CREATE TABLE tm_index_snapshot (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  bytes bytea NOT NULL
);
