-- Accounts and login sessions (core/ports/user-store.ts). Records are kept whole in `data`; the columns beside them are
-- what lookups, uniqueness and clean-ups need.
CREATE TABLE users (
  id   text COLLATE "C" PRIMARY KEY,
  name text COLLATE "C" NOT NULL UNIQUE,
  data jsonb NOT NULL
);

CREATE TABLE sessions (
  id         text COLLATE "C" PRIMARY KEY,
  user_id    text COLLATE "C" NOT NULL,
  expires_at text COLLATE "C" NOT NULL,
  data       jsonb NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
