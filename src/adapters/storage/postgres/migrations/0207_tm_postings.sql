-- Posting lists as rows of their own, as the embedded index holds them (core/fuzzy-index.ts), replacing migration
-- 0206's GIN index. Through that index a lookup read, for each of the up to 12,000 postings it counts, the table row of
-- the entry (its pair, replaced flag and length): 11,000 pages of shared buffers a lookup, one per posting, 35 ms of
-- database CPU and an execution p99 of 311 ms at 1,000,000 entries. Here a lookup reads the few rows holding the
-- postings of its counted bigrams, counts them, and reads table rows only for the best counted entries (4 ms of CPU,
-- execution p99 16 ms at load 6). The candidates are the same: same bigrams counted, same ranking.

-- A posting: the entry's seq × 1024 + its form length (1023 for 1023 and longer), so the length the threshold allows is
-- checked before any table row is read. A pair and bigram's n-th posting (0-based, in the order entries were added; n
-- from tm_bigram_counts.entries) sits in chunk n / 128, so an entry added rewrites one short array per bigram. The
-- postings present when this migration ran sit in negative chunks instead, one per pair, bigram and 262,144 seqs (a
-- lookup reads only rare bigrams, so a long array of a common one is read only by a query made of common bigrams
-- alone). Written by the store's add; replaced entries keep their postings (lookups skip them, as the embedded index
-- does); tombstones have none.
CREATE TABLE tm_postings (
  pair text NOT NULL,
  gram bigint NOT NULL,
  chunk integer NOT NULL,
  postings bigint[] NOT NULL,
  PRIMARY KEY (pair, gram, chunk)
);

-- Computes every stored entry's bigrams once more (as 0206's counts did), a range of seqs at a time so that the server
-- holds the arrays of one range only (about 300 MB at most; all at once, 1,000,000 entries took 3.5 GB). At 1,000,000
-- entries (135 million postings) this took 9½ minutes on a shared 2-core machine (load 5 to 7) and left 709 MB of
-- posting lists where the GIN index took 500 MB; at 100,000 entries, 41 s. Memory writes wait meanwhile; schedule it.
-- The ranges are read through the primary key (seqs were handed out in insertion order, so each range is a run of
-- pages), not by reading the whole table once per range.
SET LOCAL work_mem = '512MB';
SET LOCAL enable_seqscan = off;
DO $$
DECLARE
  v_last bigint := (SELECT coalesce(max(seq), 0) FROM tm_entries);
  v_from bigint := 0;
BEGIN
  WHILE v_from <= v_last LOOP
    INSERT INTO tm_postings (pair, gram, chunk, postings)
    SELECT pair, gram, -1 - (v_from / 262144)::integer, array_agg(seq * 1024 + least(form_length, 1023))
      FROM tm_entries, unnest(tm_bigrams(form)) AS gram
     WHERE seq >= v_from AND seq < v_from + 262144 AND NOT tombstone
     GROUP BY pair, gram;
    v_from := v_from + 262144;
  END LOOP;
END
$$;

DROP INDEX tm_entries_bigrams;

-- Same arguments and rows as 0206's: the exact matches, then the candidates FuzzyIndex.search would pick.
CREATE OR REPLACE FUNCTION tm_lookup(
  p_pair text,
  -- NULL: no exact matches asked (a fuzzy search alone).
  p_hash text,
  -- The query's distinct bigrams in order of first occurrence (bigramCodes; empty: no candidates).
  p_grams bigint[],
  -- The form lengths the threshold allows.
  p_min_length integer,
  p_max_length integer,
  p_limit integer,
  -- Candidates: the larger of p_rerank and 4 × (p_limit + exact matches found).
  p_rerank integer,
  -- Bigrams counted, rarest first: at least p_min_grams, then while their postings stay within p_budget.
  p_min_grams integer,
  p_budget integer
) RETURNS TABLE (exact boolean, seq bigint, form text, entry json)
-- No sequential scans: before a new table's first ANALYZE the planner may read all of tm_postings or tm_entries. No
-- JIT: compiling cost more than a lookup (0206). Sorts stay allowed: the postings are grouped by sorting them, which
-- measured faster than the hash aggregate (5 against 9 ms for 9,700 postings on a busy machine).
LANGUAGE plpgsql STABLE SET enable_seqscan = off SET jit = off AS $$
DECLARE
  found integer := 0;
  v_counted bigint[];
  v_kept bigint[];
  v_ranked integer;
  v_want integer;
  v_read integer;
BEGIN
  IF p_hash IS NOT NULL THEN
    RETURN QUERY SELECT true, e.seq, NULL::text, e.entry FROM tm_entries e
      WHERE e.pair = p_pair AND e.source_hash = p_hash AND NOT e.replaced ORDER BY e.seq;
    GET DIAGNOSTICS found = ROW_COUNT;
  END IF;
  IF found >= p_limit OR cardinality(p_grams) = 0 THEN
    RETURN;
  END IF;
  -- Rarest first, ties in the query's order (the embedded index's stable sort); a bigram no entry has costs nothing.
  SELECT array_agg(r.gram ORDER BY r.k) INTO v_counted FROM (
    SELECT q.gram, row_number() OVER w AS k, sum(coalesce(c.entries, 0)) OVER w AS spent
      FROM unnest(p_grams) WITH ORDINALITY AS q (gram, pos)
      LEFT JOIN tm_bigram_counts c ON c.pair = p_pair AND c.gram = q.gram
    WINDOW w AS (ORDER BY coalesce(c.entries, 0), q.pos ROWS UNBOUNDED PRECEDING)
  ) AS r
  WHERE r.k <= p_min_grams OR r.spent <= p_budget;
  -- Shared counted bigrams per entry of an allowed length (by the length in the posting: exact below 1023; the row's
  -- own length is checked after), best first (most shared, newest among ties): the first v_want that are live and of
  -- an allowed length. The table rows of the best 2 × v_want are read, and when fewer of them qualify (replaced
  -- entries, or of 1023 characters and more out of range), of four times as many, never those of every counted entry.
  v_want := greatest(p_rerank, 4 * (p_limit + found));
  v_read := 2 * v_want;
  LOOP
    SELECT array_agg(r.seq ORDER BY r.shared DESC, r.seq DESC) FILTER (WHERE r.fits), count(*)
      INTO v_kept, v_ranked FROM (
      SELECT top.seq, top.shared, NOT e.replaced AND e.form_length BETWEEN p_min_length AND p_max_length AS fits
        FROM (
          SELECT p.v / 1024 AS seq, count(*) AS shared
            FROM tm_postings t, unnest(t.postings) AS p (v)
           WHERE t.pair = p_pair AND t.gram = ANY (v_counted)
             AND p.v % 1024 BETWEEN least(p_min_length, 1023) AND least(p_max_length, 1023)
           GROUP BY p.v
           ORDER BY shared DESC, seq DESC
           LIMIT v_read
        ) AS top
        JOIN tm_entries e ON e.seq = top.seq
    ) AS r;
    EXIT WHEN coalesce(cardinality(v_kept), 0) >= v_want OR v_ranked < v_read;
    v_read := 4 * v_read;
  END LOOP;
  v_kept := v_kept[1:v_want];
  RETURN QUERY SELECT false, e.seq, e.form, e.entry
    FROM unnest(v_kept) WITH ORDINALITY AS r (seq, rank) JOIN tm_entries e ON e.seq = r.seq
   ORDER BY r.rank;
END
$$;
