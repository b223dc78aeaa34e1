-- Personal API tokens and stored Idempotency-Key answers (core/ports/api-token-store.ts). Records are kept whole in
-- `data`; the columns beside them are what lookups, uniqueness and clean-ups need. Times are ISO 8601 UTC text in the
-- C collation, so text order is time order.
CREATE TABLE api_tokens (
  id         text COLLATE "C" PRIMARY KEY,
  hash       text COLLATE "C" NOT NULL UNIQUE,
  user_id    text COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  expires_at text COLLATE "C" NOT NULL,
  data       jsonb NOT NULL
);

CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at DESC);
CREATE INDEX api_tokens_by_expiry ON api_tokens (expires_at);

CREATE TABLE api_idempotency (
  key        text COLLATE "C" PRIMARY KEY,
  expires_at text COLLATE "C" NOT NULL,
  data       jsonb NOT NULL
);

CREATE INDEX api_idempotency_by_expiry ON api_idempotency (expires_at);
