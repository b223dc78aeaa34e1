-- Machine answers shared by every worker (MtAnswerStore): the provider's answer, still masked, under the hash of the
-- masked source, language pair, glossary version and formality, so a text is sent once whichever worker meets it.
-- A key being produced is held with a transaction-scoped advisory lock, not a row, so a killed worker holds nothing.

CREATE TABLE mt_answers (
  key text PRIMARY KEY,
  text text NOT NULL,
  at text COLLATE "C" NOT NULL
);
CREATE INDEX mt_answers_at ON mt_answers (at);
