import { z } from 'zod';
import { type ErrorParams, type ErrorReason, ValidationError } from './errors.ts';
import type { FrontMatter } from './model.ts';

/**
 * A front matter date: a YAML timestamp (a `Date` from parsers that read YAML 1.1 or TOML dates) or an ISO 8601 string,
 * either a calendar date (`2026-12-01`) or a date-time with or without an offset (`2026-12-01T09:00:00Z`,
 * `2026-12-01T18:00:00+09:00`, `2026-12-01 09:00`). Normalised to a string: calendar dates stay as written, a `Date`
 * becomes `YYYY-MM-DD` at UTC midnight and a full ISO 8601 UTC time otherwise.
 */
const frontMatterDate = z.preprocess(
  (value) => {
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) return 'an invalid date';
      const iso = value.toISOString();
      return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
    }
    // YAML allows a space between date and time; ISO 8601 wants the T.
    return typeof value === 'string' ? value.trim().replace(/^(\d{4}-\d{2}-\d{2}) (?=\d)/, '$1T') : value;
  },
  z.union([z.iso.date(), z.iso.datetime({ offset: true, local: true })], {
    error: 'expected an ISO 8601 date or time such as 2026-12-01 or 2026-12-01T09:00:00Z',
  }),
);

const confidentialEntry = z.union([z.string(), z.object({ term: z.string(), render: z.string().optional() })], {
  error: 'expected a name, or { term, render }',
});

/**
 * The front matter keys Tandem reads, validated at import; every other key passes through untouched.
 * Embargo keys follow Hugo (gohugo.io/content-management/front-matter): `draft`, `publishDate` (falls back to `date`),
 * `expiryDate`.
 */
export const FrontMatterSchema = z.looseObject({
  title: z.string().optional(),
  slug: z.string().optional(),
  date: frontMatterDate.optional(),
  publishDate: frontMatterDate.optional(),
  expiryDate: frontMatterDate.optional(),
  draft: z.boolean({ error: 'expected true or false' }).optional(),
  // One name is a list of one, so a bad entry is reported with its position (`confidential.1`).
  confidential: z
    .preprocess(
      (value) => (typeof value === 'string' ? [value] : value),
      z.array(confidentialEntry, { error: 'expected a name or a list of names' }),
    )
    .optional(),
});

const DATE_KEYS: ReadonlySet<string> = new Set(['date', 'publishDate', 'expiryDate']);

/**
 * Hugo reads these keys in any letter case and under aliases; Tandem reads the exact spelling only, so a variant is
 * refused rather than silently ignored (an ignored `publishdate` would publish an embargoed article at once).
 */
const EMBARGO_KEY_VARIANTS: Readonly<Record<string, string>> = {
  publishdate: 'publishDate',
  pubdate: 'publishDate',
  published: 'publishDate',
  expirydate: 'expiryDate',
  unpublishdate: 'expiryDate',
  draft: 'draft',
  date: 'date',
};

/**
 * Validate front matter as a format adapter parsed it and return it with dates normalised (other keys unchanged).
 * Throws ValidationError `import: <file>: front matter "<field>": <problem>` for the first invalid field, with every
 * problem in `details`.
 */
export function parseFrontMatter(data: Readonly<Record<string, unknown>>, file: string): FrontMatter {
  const problems: string[] = [];
  // What a person is told: the first problem's message code, naming the key (errors:reasons.import.front-matter-*).
  let first: { readonly reason: ErrorReason; readonly params: ErrorParams } | undefined;
  for (const key of Object.keys(data)) {
    // Own keys only: `__proto__` or `constructor` would otherwise find Object.prototype's.
    const lower = key.toLowerCase();
    const wanted = Object.hasOwn(EMBARGO_KEY_VARIANTS, lower) ? EMBARGO_KEY_VARIANTS[lower] : undefined;
    if (wanted !== undefined && wanted !== key) {
      problems.push(`front matter "${key}": write it as "${wanted}" (Tandem reads this key in exactly that spelling)`);
      first ??= { reason: 'import.front-matter-spelling', params: { file, key: key.slice(0, 80), wanted } };
    }
  }
  const result = FrontMatterSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path.map(String).join('.') || '(root)';
      problems.push(`front matter "${key}": ${issue.message}`);
      const top = String(issue.path[0] ?? '');
      first ??= {
        reason: DATE_KEYS.has(top) ? 'import.front-matter-date' : 'import.front-matter-value',
        params: { file, key: key.slice(0, 80) },
      };
    }
  }
  if (problems.length > 0) throw new ValidationError(`import: ${file}: ${problems[0]}`, problems, first);
  return result.data as FrontMatter;
}

/** A confidential name declared in front matter, with what translations show instead when given. */
export interface FrontMatterTerm {
  readonly term: string;
  readonly render?: string;
}

/**
 * The names an article's front matter declares confidential (`confidential: 김철민`, `[김철민, 박영희]` or
 * `[{ term: 김철민, render: a source }]`), as written. Empty when there are none or the stored value does not fit the
 * schema (import refuses such values, so only records stored before validation can have them).
 */
export function confidentialTermsOf(frontMatter: FrontMatter): FrontMatterTerm[] {
  const parsed = FrontMatterSchema.shape.confidential.safeParse(frontMatter.confidential);
  if (!parsed.success || parsed.data === undefined) return [];
  return parsed.data.map((e) =>
    typeof e === 'string' ? { term: e } : e.render !== undefined ? { term: e.term, render: e.render } : { term: e.term },
  );
}

/** An article's embargo as its front matter declares it; instants are ISO 8601 UTC. */
export interface Embargo {
  readonly draft: boolean;
  /** When readers may first see it (`publishDate`, else `date`); absent: at once. */
  readonly publishAt?: string;
  /** When readers stop seeing it (`expiryDate`); absent: never. */
  readonly expiresAt?: string;
  /** A date key that cannot be read (only in records stored before validation): the article stays hidden. */
  readonly invalid?: string;
}

/** Why readers do not see an article at a given time. */
export type Invisibility = 'draft' | 'scheduled' | 'expired' | 'invalid';

/** The instant a normalised front matter date stands for: a calendar date or a time without offset is read as UTC (Hugo's default time zone). */
export function instantOf(value: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : /(?:Z|[+-]\d{2}:\d{2})$/i.test(value) ? value : `${value}Z`;
  return new Date(iso);
}

/** The embargo an article's front matter declares (Hugo's `draft`, `publishDate` or `date`, `expiryDate`). */
// Built once: pick() makes a new schema, which costs more than the parse itself (the reader site asks per request).
const EMBARGO_DATES = FrontMatterSchema.pick({ date: true, publishDate: true, expiryDate: true });

export function embargoOf(frontMatter: FrontMatter): Embargo {
  const dates = EMBARGO_DATES.safeParse(frontMatter);
  const draft = frontMatter.draft === true;
  if (!dates.success) return { draft, invalid: dates.error.issues[0]?.path.map(String).join('.') ?? 'date' };
  const publish = dates.data.publishDate ?? dates.data.date;
  const expiry = dates.data.expiryDate;
  return {
    draft,
    ...(publish !== undefined ? { publishAt: instantOf(publish).toISOString() } : {}),
    ...(expiry !== undefined ? { expiresAt: instantOf(expiry).toISOString() } : {}),
  };
}

/**
 * Whether readers may see an article at `now`, by its front matter alone (Hugo's rules: not a draft, publish date
 * reached, expiry date not reached); null when visible, otherwise why not. Releases per locale come on top of this.
 */
export function invisibilityAt(frontMatter: FrontMatter, now: Date): Invisibility | null {
  return invisibilityOf(embargoOf(frontMatter), now);
}

/** Whether readers may see an article with `embargo` at `now` (see `invisibilityAt`); null when visible. */
export function invisibilityOf(embargo: Embargo, now: Date): Invisibility | null {
  if (embargo.invalid !== undefined) return 'invalid';
  if (embargo.draft) return 'draft';
  const t = now.getTime();
  if (embargo.publishAt !== undefined && Date.parse(embargo.publishAt) > t) return 'scheduled';
  if (embargo.expiresAt !== undefined && Date.parse(embargo.expiresAt) <= t) return 'expired';
  return null;
}

/** Why readers do not see an article now, with the times its front matter gives (for editors' screens). */
export interface EmbargoNotice extends Embargo {
  readonly reason: Invisibility;
}

/** The embargo that keeps readers from an article at `now`, or null when they see it (as far as its front matter goes). */
export function embargoNoticeAt(frontMatter: FrontMatter, now: Date): EmbargoNotice | null {
  return embargoNoticeOf(embargoOf(frontMatter), now);
}

/** The notice for an embargo already read from front matter (`embargoOf`); null when readers see the article at `now`. */
export function embargoNoticeOf(embargo: Embargo, now: Date): EmbargoNotice | null {
  const reason = invisibilityOf(embargo, now);
  return reason === null ? null : { ...embargo, reason };
}
