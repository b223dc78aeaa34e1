-- A memory lookup in one round trip (PostgresTranslationMemoryStore.lookup and search): the live exact matches of the
-- pair and source hash, then, unless they already fill the limit, the candidates of the fuzzy rerank (trigram keys of
-- migration 0203), in one call. A function, because the % operator that the trigram index serves compares with
-- the setting pg_trgm.similarity_threshold, which must be set (for this transaction only) before the scan starts.
-- Rows: exact ones first (oldest first, form NULL), then candidates, most trigram-similar first.
CREATE FUNCTION tm_lookup(
  p_pair text,
  -- NULL: no exact matches asked (a fuzzy search alone).
  p_hash text,
  -- The query's matching form ('' for none: no candidates) and its length bounds the threshold allows.
  p_form text,
  p_min_length integer,
  p_max_length integer,
  -- The least trigram similarity of a candidate (trigramFloor).
  p_floor real,
  -- Most hits asked; candidates fetched: the larger of p_rerank and 4 × (p_limit + exact matches found).
  p_limit integer,
  p_rerank integer
) RETURNS TABLE (exact boolean, seq bigint, form text, entry json)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  found integer := 0;
  v_key text := tm_trigram_key(p_form);
BEGIN
  IF p_hash IS NOT NULL THEN
    RETURN QUERY SELECT true, e.seq, NULL::text, e.entry FROM tm_entries e
      WHERE e.pair = p_pair AND e.source_hash = p_hash AND NOT e.replaced ORDER BY e.seq;
    GET DIAGNOSTICS found = ROW_COUNT;
  END IF;
  IF found >= p_limit OR v_key = '' THEN
    RETURN;
  END IF;
  PERFORM set_config('pg_trgm.similarity_threshold', p_floor::text, true);
  RETURN QUERY SELECT false, e.seq, e.form, e.entry FROM tm_entries e
    WHERE e.trigrams % v_key AND e.pair = p_pair AND NOT e.replaced AND e.form_length BETWEEN p_min_length AND p_max_length
    ORDER BY similarity(e.trigrams, v_key) DESC, e.seq DESC
    LIMIT greatest(p_rerank, 4 * (p_limit + found));
END
$$;
