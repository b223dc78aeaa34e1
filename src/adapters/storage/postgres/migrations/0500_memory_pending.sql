-- Approval marks (ArticleStore.pendingApprovals): a write that brings an article approvals the translation memory may
-- not hold yet sets `memory_pending` in the same statement; start-up reconciliation reads only the marked articles and
-- clears a mark when the row is still at the version it read. Rows stored before this migration are all marked, so the
-- first start after it reconciles the archive once, as every start did before; rows inserted later default to unmarked.
ALTER TABLE articles ADD COLUMN memory_pending boolean NOT NULL DEFAULT true;
ALTER TABLE articles ALTER COLUMN memory_pending SET DEFAULT false;

-- Only the marked rows, so listing them costs what is marked, not the archive.
CREATE INDEX articles_memory_pending ON articles (slug) WHERE memory_pending;
