-- Change-feed events too large for a NOTIFY payload (PostgreSQL refuses one of 8000 bytes or more, and a translation
-- may hold 20,000 code points): the notification carries the row's id and listeners read the event from here. A row is
-- needed only for the moment listeners take to read it; publishers delete rows older than a few minutes
-- (src/adapters/changes/postgres-change-feed.ts).
CREATE TABLE change_events (
  id         bigserial PRIMARY KEY,
  event      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX change_events_created ON change_events (created_at);
