-- The feed poller's memory (core/ports/feed.ts FeedItemStore): which feed item became which article, and the feed's
-- HTTP validators. Records are kept whole in `data`; the key columns are what look-ups need. URLs and item ids are
-- compared byte for byte (C collation), as the poller compares them.
CREATE TABLE feed_items (
  feed_url text COLLATE "C" NOT NULL,
  item_id  text COLLATE "C" NOT NULL,
  slug     text COLLATE "C" NOT NULL,
  data     jsonb NOT NULL,
  PRIMARY KEY (feed_url, item_id)
);

-- "Which feed item became this article": the other direction of the same record.
CREATE INDEX feed_items_by_slug ON feed_items (slug);

CREATE TABLE feed_validators (
  feed_url text COLLATE "C" PRIMARY KEY,
  data     jsonb NOT NULL
);
