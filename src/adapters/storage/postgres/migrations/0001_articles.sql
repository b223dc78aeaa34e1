-- Articles: one row per article. `record` is the whole ArticleRecord, read and written as a unit (json, not jsonb: it is
-- never queried inside, json keeps it byte for byte and costs nothing to store). `summary` is its listing row
-- (core/article-summary.ts), so listings never read records. `version` counts writes: an update only lands when the
-- row is still at the version it read (optimistic concurrency across processes).
-- Text columns that are compared or sorted use the C collation: code-unit order, as the application's own sorts.
CREATE TABLE articles (
  slug       text COLLATE "C" PRIMARY KEY,
  version    bigint NOT NULL,
  record     json NOT NULL,
  summary    jsonb NOT NULL,
  updated_at text COLLATE "C" NOT NULL
);

-- The listing order (newest first, then slug), so a page of it costs the same for any archive.
CREATE INDEX articles_newest_first ON articles (updated_at DESC, slug);
