-- The items of some articles in some locales (MtQueueStore.itemsOf: what a progress announcement counts after each
-- transition) are found without reading the rest of the queue: live ones through mt_items_live_key (it starts with
-- the slug), failed ones through this index. Partial, so claims and completions (never failed rows) do not update it.
CREATE INDEX mt_items_failed ON mt_items (slug, locale) WHERE state = 'failed';
