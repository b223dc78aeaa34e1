-- Fuzzy lookup by the embedded index's own candidate selection (core/fuzzy-index.ts FuzzyIndex.search), replacing the
-- pg_trgm keys of migrations 0203 and 0205. Those spelled Korean in 36 ASCII symbols (pg_trgm sees no Hangul under the C
-- locale), so in 1,000,000 paragraphs every trigram sat in thousands of entries and a lookup rechecked and sorted
-- tens of thousands of rows (p99 825 ms); and they picked other candidates than the embedded index, so the two could
-- disagree. Now an entry's bigrams (pairs of code points of its matching form, whitespace dropped) are a GIN index on an
-- expression, and a lookup counts, like the embedded index, only the postings of the query's rarest bigrams (by the
-- per-pair counts below, within the same posting budget), keeps the entries sharing the most, and the application
-- reranks them by edit distance as before.

-- A form's distinct bigrams, in order of first occurrence, each as first code point × 2^21 + second (a one-character
-- form: its code point), so distinct bigrams are distinct numbers. The whitespace dropped is JavaScript's \s, as
-- core/fuzzy-index.ts bigrams() drops it; bigramCodes() there computes the same array (tests/adapters/storage/postgres/
-- tm-bigrams.test.ts compares them). About 0.2 ms a paragraph: tm_lookup below never computes it for a stored row.
CREATE FUNCTION tm_bigrams(form text) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN count(*) = 1 THEN array_agg(single) ELSE coalesce(array_agg(gram ORDER BY first) FILTER (WHERE gram IS NOT NULL), '{}') END
  FROM (
    SELECT gram, min(single) AS single, min(i) AS first FROM (
      SELECT ascii(ch)::bigint AS single, ascii(ch)::bigint * 2097152 + ascii(lead(ch) OVER (ORDER BY i)) AS gram, i
        FROM unnest(string_to_array(
               regexp_replace(form, '[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+', '', 'g'),
               NULL)) WITH ORDINALITY AS u (ch, i)
    ) AS pairs GROUP BY gram
  ) AS grams
$$;

-- How many entries of a pair hold a bigram: the length of its posting list in the embedded index, which keeps the
-- postings of replaced and deleted entries too, so counts only grow (tombstones hold no bigrams). Written by the store's
-- add (the application computes the bigrams it inserts; no per-row function call on a bulk load).
CREATE TABLE tm_bigram_counts (
  pair text NOT NULL,
  gram bigint NOT NULL,
  entries integer NOT NULL,
  PRIMARY KEY (pair, gram)
);
INSERT INTO tm_bigram_counts (pair, gram, entries)
SELECT pair, gram, count(*) FROM tm_entries, unnest(tm_bigrams(form)) AS gram WHERE NOT tombstone GROUP BY pair, gram;

-- An expression index: existing rows are not rewritten (migration 0203 rewrote the whole table in one transaction).
-- Still, the counts above and this index each compute tm_bigrams for every row: at 1,000,000 entries the index took
-- 31 minutes on a shared 2-core machine (load 20 to 40), and memory writes wait meanwhile; schedule it.
-- Without GIN's pending list (fastupdate): every lookup scans that list whole, 300 pages for a batch of 2,000 new
-- entries, which cost 3 ms per counted bigram until the next vacuum; an approval adds one entry, so writing its
-- postings at once costs little.
CREATE INDEX tm_entries_bigrams ON tm_entries USING gin (tm_bigrams(form)) WITH (fastupdate = off);

DROP FUNCTION tm_lookup(text, text, text, integer, integer, real, integer, integer);
DROP INDEX tm_entries_trigrams;
ALTER TABLE tm_entries DROP COLUMN trigrams;
DROP FUNCTION tm_trigram_key(text);

-- A memory lookup in one round trip (PostgresTranslationMemoryStore.lookup and search): the live exact matches of the
-- pair and source hash, then, unless they fill the limit, the candidates of the rerank as FuzzyIndex.search picks them.
-- Rows: exact ones first (oldest first, form NULL), then candidates, most shared bigrams first, newest first among ties.
CREATE FUNCTION tm_lookup(
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
LANGUAGE plpgsql STABLE SET enable_seqscan = off SET enable_indexscan = off SET jit = off AS $$
DECLARE
  found integer := 0;
  v_counted bigint[];
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
  -- One scan of the bigram index per counted bigram (its expression is the index's, so no row computes it; the scan
  -- needs no recheck), counted per entry. The fence (OFFSET 0) keeps the pair and length conditions out of that scan,
  -- so that the bigram index is the only index it can use, and the function's settings rule out reading every row:
  -- before a new table's first ANALYZE, the planner believes a pair holds one row and otherwise computes the bigrams
  -- of every row once per counted bigram (14 s for 200 entries). No JIT: a plan over 1,000,000 entries costs enough to
  -- be compiled at every call, which took 30 ms of a 115 ms lookup.
  RETURN QUERY SELECT false, e.seq, e.form, e.entry FROM (
      SELECT hit.seq, count(*) AS shared
        FROM unnest(v_counted) AS g (gram)
        CROSS JOIN LATERAL (
          SELECT x.seq, x.pair, x.replaced, x.form_length FROM tm_entries x WHERE tm_bigrams(x.form) @> ARRAY[g.gram] OFFSET 0
        ) AS hit
       WHERE hit.pair = p_pair AND NOT hit.replaced AND hit.form_length BETWEEN p_min_length AND p_max_length
       GROUP BY hit.seq
       ORDER BY shared DESC, hit.seq DESC
       LIMIT greatest(p_rerank, 4 * (p_limit + found))
    ) AS top
    JOIN tm_entries e ON e.seq = top.seq
   ORDER BY top.shared DESC, top.seq DESC;
END
$$;
