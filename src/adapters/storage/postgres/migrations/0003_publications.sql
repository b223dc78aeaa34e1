-- Published versions (core/publication.ts): immutable, numbered from 1 per article and locale. The primary key makes a
-- second writer of the same version number fail, whatever the application checked before.
CREATE TABLE publication_versions (
  slug    text COLLATE "C" NOT NULL,
  locale  text COLLATE "C" NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  data    jsonb NOT NULL,
  PRIMARY KEY (slug, locale, version)
);

-- Per article and locale: the latest version, when it was published, whether readers see the locale, and the last
-- unpublish ({by, at, ofVersion}: the locale is live again once a version newer than ofVersion is recorded).
CREATE TABLE publication_locales (
  slug           text COLLATE "C" NOT NULL,
  locale         text COLLATE "C" NOT NULL,
  latest_version integer NOT NULL,
  published_at   text COLLATE "C" NOT NULL,
  live           boolean NOT NULL,
  unpublished    jsonb,
  PRIMARY KEY (slug, locale),
  FOREIGN KEY (slug, locale, latest_version) REFERENCES publication_versions (slug, locale, version)
);

-- The reader site's listing: live publications of one locale, newest publish first.
CREATE INDEX publication_locales_live ON publication_locales (locale, published_at DESC, slug) WHERE live;
