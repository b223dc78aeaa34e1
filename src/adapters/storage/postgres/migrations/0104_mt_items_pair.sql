-- The items of some articles in some locales (MtQueueStore.itemsOf: what a progress announcement counts after each
-- transition), found without reading the rest of the queue; failed items included.
CREATE INDEX mt_items_pair ON mt_items (slug, locale);
