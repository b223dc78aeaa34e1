-- MT settings (MtSettingsStore): glossaries, provider-side glossaries, confidential terms, pauses, re-run budget and
-- the current day's re-run spending. `seq` keeps the order records were first put, as the embedded document does.

CREATE TABLE mt_glossaries (
  source_locale text NOT NULL,
  target_locale text NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  -- json, not jsonb: entries keep the order they were written in.
  record json NOT NULL,
  PRIMARY KEY (source_locale, target_locale)
);

CREATE TABLE mt_remote_glossaries (
  provider text NOT NULL,
  source_locale text NOT NULL,
  target_locale text NOT NULL,
  record json NOT NULL,
  PRIMARY KEY (provider, source_locale, target_locale)
);

-- A global term has no slug; coalesce makes (global, term) unique too (NULLs are distinct in a plain unique index).
CREATE TABLE mt_confidential_terms (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug text,
  term text NOT NULL,
  record json NOT NULL
);
CREATE UNIQUE INDEX mt_confidential_terms_key ON mt_confidential_terms ((coalesce(slug, '')), term);

CREATE TABLE mt_pauses (
  provider text PRIMARY KEY,
  record json NOT NULL
);

CREATE TABLE mt_rerun_budget (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  record json NOT NULL
);

CREATE TABLE mt_rerun_spending (
  day text COLLATE "C" NOT NULL,
  user_name text NOT NULL,
  spent bigint NOT NULL CHECK (spent >= 0),
  PRIMARY KEY (day, user_name)
);
