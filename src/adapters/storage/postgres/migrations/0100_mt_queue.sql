-- The machine-translation queue (MtQueueStore). Timestamps the port compares as ISO 8601 strings (enqueued_at,
-- retry_at) are text in the "C" collation, so they order exactly as the embedded store's string comparisons do; the
-- lease is a real timestamp on the database's clock, the one clock every worker shares.

CREATE TABLE mt_jobs (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  created_at text COLLATE "C" NOT NULL,
  created_by text NOT NULL,
  provider text NOT NULL,
  locales text[] NOT NULL,
  total integer NOT NULL DEFAULT 0,
  -- Items finished: done items leave mt_items, the job remembers how many.
  done integer NOT NULL DEFAULT 0
);

CREATE TABLE mt_items (
  id text PRIMARY KEY,
  -- Claim order: oldest first.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  job_id text NOT NULL REFERENCES mt_jobs (id),
  slug text NOT NULL,
  segment_id text NOT NULL,
  locale text NOT NULL,
  hash text NOT NULL,
  expected_revision integer NOT NULL,
  force boolean NOT NULL DEFAULT false,
  requested_by text,
  state text NOT NULL CHECK (state IN ('queued', 'in-flight', 'retrying', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  error text,
  reason text,
  retry_at text COLLATE "C",
  enqueued_at text COLLATE "C" NOT NULL,
  -- Which store instance holds an in-flight item, and until when (renewed while it lives).
  lease_owner text,
  lease_until timestamptz,
  CHECK ((state = 'in-flight') = (lease_owner IS NOT NULL AND lease_until IS NOT NULL))
);

-- The same text for the same segment and locale waits at most once (a forced re-run apart): enqueue inserts with
-- ON CONFLICT DO NOTHING, so two instances enqueueing at once cannot both add it.
CREATE UNIQUE INDEX mt_items_live_key ON mt_items (slug, segment_id, locale, hash, force)
  WHERE state IN ('queued', 'in-flight', 'retrying');

CREATE INDEX mt_items_claimable ON mt_items (seq) WHERE state IN ('queued', 'retrying', 'in-flight');
CREATE INDEX mt_items_job ON mt_items (job_id, seq);
CREATE INDEX mt_items_siblings ON mt_items (locale, hash) WHERE state IN ('queued', 'retrying', 'in-flight');

-- Recent machine answers (MtDraftCache).
CREATE TABLE mt_drafts (
  key text PRIMARY KEY,
  text text NOT NULL,
  at text COLLATE "C" NOT NULL
);
CREATE INDEX mt_drafts_at ON mt_drafts (at);

-- The audit ledger (MtLedger): append-only; `entry` keeps the entry as written (json keeps its text and key order).
CREATE TABLE mt_ledger (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at text COLLATE "C" NOT NULL,
  entry json NOT NULL
);
CREATE INDEX mt_ledger_at ON mt_ledger (at);
