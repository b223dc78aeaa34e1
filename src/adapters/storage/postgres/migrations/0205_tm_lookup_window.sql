-- A long paragraph's lookup reads a part of the index, not all of it. The % operator counts, for every entry that
-- shares one trigram with the query, how many of the query's trigrams it has: a paragraph of 200 characters asks
-- about 200 posting lists, and in 1,000,000 paragraphs almost every entry shares a few common trigrams (particles,
-- endings), so the scan grows with the whole memory. A key longer than 64 symbols is therefore looked up by a window
-- of 48 from its middle, with <% (word similarity: the share of the window's trigrams found in a stretch of the
-- entry, with the same floor), which asks about 46 posting lists; a copy or an edit of the paragraph still holds most
-- of that window. The candidates are ordered by the similarity of the whole key, as before, and reranked by the
-- application's edit distance; shorter keys are looked up as migration 0204 did.
CREATE OR REPLACE FUNCTION tm_lookup(
  p_pair text,
  p_hash text,
  p_form text,
  p_min_length integer,
  p_max_length integer,
  p_floor real,
  p_limit integer,
  p_rerank integer
) RETURNS TABLE (exact boolean, seq bigint, form text, entry json)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  found integer := 0;
  v_key text := tm_trigram_key(p_form);
  v_window text;
BEGIN
  IF p_hash IS NOT NULL THEN
    RETURN QUERY SELECT true, e.seq, NULL::text, e.entry FROM tm_entries e
      WHERE e.pair = p_pair AND e.source_hash = p_hash AND NOT e.replaced ORDER BY e.seq;
    GET DIAGNOSTICS found = ROW_COUNT;
  END IF;
  IF found >= p_limit OR v_key = '' THEN
    RETURN;
  END IF;
  IF length(v_key) <= 64 THEN
    PERFORM set_config('pg_trgm.similarity_threshold', p_floor::text, true);
    RETURN QUERY SELECT false, e.seq, e.form, e.entry FROM tm_entries e
      WHERE e.trigrams % v_key AND e.pair = p_pair AND NOT e.replaced AND e.form_length BETWEEN p_min_length AND p_max_length
      ORDER BY similarity(e.trigrams, v_key) DESC, e.seq DESC
      LIMIT greatest(p_rerank, 4 * (p_limit + found));
    RETURN;
  END IF;
  v_window := substr(v_key, (length(v_key) - 48) / 2 + 1, 48);
  PERFORM set_config('pg_trgm.word_similarity_threshold', p_floor::text, true);
  RETURN QUERY SELECT false, e.seq, e.form, e.entry FROM tm_entries e
    WHERE v_window <% e.trigrams AND e.pair = p_pair AND NOT e.replaced AND e.form_length BETWEEN p_min_length AND p_max_length
    ORDER BY similarity(e.trigrams, v_key) DESC, e.seq DESC
    LIMIT greatest(p_rerank, 4 * (p_limit + found));
END
$$;
