-- The text pg_trgm indexes for a matching form, computed by the database (a generated column), so that entries and
-- lookups spell it one way. pg_trgm only makes trigrams of the letters and digits the database's LC_CTYPE knows, and
-- under the C locale (a common choice, and the test cluster's) that is ASCII alone: Hangul, kana and Han would give no
-- trigram at all. So the form is spelled in ASCII: ASCII whitespace is dropped (as the embedded index's bigrams drop
-- it), ASCII letters and digits stay (lower case), and every other character becomes one of the 36 letters and digits
-- by a multiplicative (Fibonacci) hash of its code point, whose high bits spread the syllables of one block over all
-- 36. The text is one word, so pg_trgm's padding trigrams occur once per entry. Collisions only add candidates, which
-- the application's edit-distance rerank then scores; they never hide a shared trigram.
--
-- It replaces the key the application computed (migration 0200), which took the hash's low bits: they spread Korean
-- syllables over about 19 of the 36 symbols, so 1,000,000 paragraphs shared a few thousand trigrams between them, a
-- trigram's posting list held a large share of all entries and a lookup read most of the index. Existing rows get
-- the new key when the column is added.
CREATE FUNCTION tm_trigram_key(form text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(
    CASE
      WHEN code BETWEEN 48 AND 57 OR code BETWEEN 97 AND 122 THEN c
      WHEN code BETWEEN 65 AND 90 THEN chr(code + 32)
      ELSE substr('abcdefghijklmnopqrstuvwxyz0123456789', ((code::bigint * 2654435761 & 4294967295) >> 16)::integer % 36 + 1, 1)
    END, '' ORDER BY i), '')
  FROM unnest(string_to_array(form, NULL)) WITH ORDINALITY AS u (c, i), ascii(c) AS code
  WHERE code NOT IN (9, 10, 11, 12, 13, 32)
$$;

DROP INDEX tm_entries_trigrams;
ALTER TABLE tm_entries DROP COLUMN trigrams;
ALTER TABLE tm_entries ADD COLUMN trigrams text GENERATED ALWAYS AS (tm_trigram_key(form)) STORED;
CREATE INDEX tm_entries_trigrams ON tm_entries USING gin (trigrams gin_trgm_ops);
