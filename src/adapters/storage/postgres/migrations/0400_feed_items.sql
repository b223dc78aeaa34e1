-- The feed poller's memory (core/ports/feed.ts FeedItemStore): which feed item became which article, and the feed's
-- HTTP validators. In the database, so whichever instance polls next (feed polling moves between instances with its
-- advisory lock) knows what the last one imported.
CREATE TABLE feed_items (
  feed_url text COLLATE "C" NOT NULL,
  item_id  text COLLATE "C" NOT NULL,
  data     jsonb NOT NULL,
  PRIMARY KEY (feed_url, item_id)
);

CREATE TABLE feed_validators (
  feed_url text COLLATE "C" PRIMARY KEY,
  data     jsonb NOT NULL
);
