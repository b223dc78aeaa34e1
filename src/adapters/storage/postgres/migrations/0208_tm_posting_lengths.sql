-- Posting lists split by the length of the entries' forms, so that a lookup reads only the postings of the lengths its
-- threshold allows. Before, a short lookup made of common words alone ("말했다.": three bigrams, each in a quarter of
-- all paragraphs) counted every posting of its bigrams, whatever the length, and dropped all but a few after reading
-- them: 300 to 630 ms at 1,000,000 entries (load 4.4), where a lookup of a paragraph took 5. The candidates are the
-- same (the bigrams counted are chosen by their whole counts, tm_bigram_counts, as the embedded index chooses them,
-- and a posting of a length out of range was never counted); only fewer postings are read.

-- A form length's bucket: how many of these bounds it reaches (1023 stands for 1023 and longer, as in a posting).
-- Bounds about 1.25 apart, so that a lookup's length range (threshold 75: 0.75 to 1.34 times its own) reads about
-- four buckets. translation-memory-store.ts lengthBucket() computes the same (tests/adapters/storage/postgres/
-- tm-bigrams.test.ts compares them).
CREATE FUNCTION tm_length_bucket(form_length integer) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT width_bucket(least(form_length, 1023),
    '{1,2,3,4,5,6,8,10,12,15,19,24,30,37,47,58,73,91,114,142,178,222,278,347,434,542,678,847,1023}'::integer[])
$$;

-- How many postings a pair, bigram and length bucket holds: numbers the postings the store's add appends (the n-th of
-- a bucket goes to chunk n / 128). tm_bigram_counts keeps the whole count per bigram, which picks the bigrams counted.
CREATE TABLE tm_posting_counts (
  pair text NOT NULL,
  gram bigint NOT NULL,
  bucket smallint NOT NULL,
  entries integer NOT NULL,
  PRIMARY KEY (pair, gram, bucket)
);

ALTER TABLE tm_postings RENAME TO tm_postings_0207;
ALTER INDEX tm_postings_pkey RENAME TO tm_postings_0207_pkey;
CREATE TABLE tm_postings (
  pair text NOT NULL,
  gram bigint NOT NULL,
  bucket smallint NOT NULL,
  chunk integer NOT NULL,
  postings bigint[] NOT NULL,
  PRIMARY KEY (pair, gram, bucket, chunk)
);

-- The postings present now go to negative chunks, one per pair, bigram, bucket and 262,144 seqs (as migration 0207
-- placed them), an eighth of the bigrams at a time so that the server groups a part of them at once. At 1,000,000
-- entries (135 million postings) this took 9½ minutes on a shared 2-core machine (load 5 to 6), at 100,000 47 s;
-- memory writes wait meanwhile; schedule it.
SET LOCAL work_mem = '512MB';
DO $$
BEGIN
  FOR part IN 0..7 LOOP
    INSERT INTO tm_postings (pair, gram, bucket, chunk, postings)
    SELECT t.pair, t.gram, tm_length_bucket((p.v % 1024)::integer), -1 - (p.v / 1024 / 262144)::integer, array_agg(p.v ORDER BY p.v)
      FROM tm_postings_0207 t, unnest(t.postings) AS p (v)
     WHERE t.gram % 8 = part
     GROUP BY 1, 2, 3, 4;
  END LOOP;
END
$$;
INSERT INTO tm_posting_counts (pair, gram, bucket, entries)
SELECT pair, gram, bucket, sum(cardinality(postings)) FROM tm_postings GROUP BY pair, gram, bucket;
DROP TABLE tm_postings_0207;

-- Same arguments and rows as 0207's; the postings are read from the buckets of the lengths allowed only.
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
             AND t.bucket BETWEEN tm_length_bucket(p_min_length) AND tm_length_bucket(p_max_length)
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
