/**
 * The field parsers of the environment schema (src/config.ts): each turns one variable's text into a typed value or a
 * zod issue that says what was expected. Kept apart so config.ts stays the list of variables.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { canonicalLocale, type Locale } from './core/locale.ts';
import type { ChecksOff } from './core/ports/check.ts';
import { MT_FORMALITIES, type MtFormality } from './core/ports/mt-provider.ts';
export const path = (expected: string) =>
  z
    .string({ error: `expected ${expected}` })
    .trim()
    .min(1, { error: `expected ${expected}` });

export const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          const url = new URL(value);
          return url.protocol === 'http:' || url.protocol === 'https:';
        } catch {
          return false;
        }
      },
      { error: `expected an http(s) URL of ${what}` },
    );

/**
 * A PostgreSQL connection URL as libpq and node-postgres read it: `postgres://` or `postgresql://`, a host, and the
 * database as the path (`postgres://tandem:secret@db.internal:5432/tandem`).
 */
export const databaseUrl = z
  .string()
  .trim()
  .refine(
    (value) => {
      if (!URL.canParse(value)) return false;
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '' && url.pathname.length > 1;
    },
    { error: 'expected a PostgreSQL URL with a host and a database, e.g. postgres://tandem:password@localhost:5432/tandem' },
  );

/** An origin with an optional path prefix, normalised without a trailing slash: `https://news.example.org/tandem`. */
export const publicUrl = httpUrl('the public reader site, e.g. https://news.example.org')
  .refine(
    (value) => {
      // Zod runs this refinement even when httpUrl's failed; that one already reported an unparseable value.
      if (!URL.canParse(value)) return true;
      const url = new URL(value);
      return !url.username && !url.password && !url.search && !url.hash && !value.includes('?') && !value.includes('#');
    },
    { error: 'expected an origin with an optional path prefix, without credentials, query or fragment, e.g. https://news.example.org' },
  )
  .transform((value) => {
    const url = new URL(value);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  });

/** The bind address as a URL origin; IPv6 literals need brackets there. */
export function bindOrigin(host: string, port: number): string {
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

export const locale = z.string().transform((value, ctx) => {
  try {
    return canonicalLocale(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected a BCP 47 language tag such as ko, en, ja or zh-Hans' });
    return z.NEVER;
  }
});

export const localeList = z.string().transform((value, ctx) => {
  const tags = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const locales: Locale[] = [];
  for (const tag of tags) {
    try {
      const canonical = canonicalLocale(tag);
      if (!locales.includes(canonical)) locales.push(canonical);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `"${tag}" is not a BCP 47 language tag; expected a comma-separated list such as en,ja,zh-Hans`,
      });
      return z.NEVER;
    }
  }
  if (locales.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'expected at least one locale, e.g. en,ja,zh-Hans' });
    return z.NEVER;
  }
  return locales;
});

export const flag = z.string().transform((value, ctx) => {
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  ctx.addIssue({ code: 'custom', message: 'expected 1/true/yes/on or 0/false/no/off' });
  return z.NEVER;
});

/** `ja=prefer_more,zh-Hans=prefer_less`: formality per target locale (sent only where the provider accepts it). */
export const formality = z.string().transform((value, ctx) => {
  const map: Record<string, MtFormality> = {};
  for (const pair of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [tag, level] = pair.split('=').map((p) => p.trim());
    if (!tag || !level || !(MT_FORMALITIES as readonly string[]).includes(level)) {
      ctx.addIssue({
        code: 'custom',
        message: `expected locale=${MT_FORMALITIES.join('|')} pairs separated by commas, e.g. ja=prefer_more`,
      });
      return z.NEVER;
    }
    try {
      map[canonicalLocale(tag)] = level as MtFormality;
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${tag}" is not a BCP 47 language tag` });
      return z.NEVER;
    }
  }
  return map;
});

export const CHECK_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** `length,ja:end-punctuation,zh-Hans:spacing`: check ids off everywhere or, after `locale:`, for one target locale. */
export const checksOff = z.string().transform((value, ctx): ChecksOff => {
  const everywhere: string[] = [];
  const byLocale: Record<string, string[]> = {};
  for (const entry of value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const colon = entry.lastIndexOf(':');
    const id = entry.slice(colon + 1).trim();
    const tag = colon === -1 ? null : entry.slice(0, colon).trim();
    if (!CHECK_ID.test(id)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}" is not a check id or locale:id; expected e.g. length,ja:end-punctuation (ids: tandem check --list)`,
      });
      return z.NEVER;
    }
    if (tag === null) {
      if (!everywhere.includes(id)) everywhere.push(id);
      continue;
    }
    let locale: Locale;
    try {
      locale = canonicalLocale(tag);
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${tag}" in "${entry}" is not a BCP 47 language tag such as ja or zh-Hans` });
      return z.NEVER;
    }
    const ids = (byLocale[locale] ??= []);
    if (!ids.includes(id)) ids.push(id);
  }
  return { everywhere, byLocale };
});

/** A whole number from `min` to `max` (what it counts is in `unit`). */
export const wholeNumber = (min: number, max: number, unit: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: `expected a whole number of ${unit} from ${min} to ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `expected a whole number of ${unit} from ${min} to ${max}` });

export const headers = z.string().transform((value, ctx) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected a JSON object of header names to string values, e.g. {"X-Proxy-Token":"…"}' });
    return z.NEVER;
  }
  const result = z.record(z.string(), z.string()).safeParse(parsed);
  if (!result.success) {
    ctx.addIssue({ code: 'custom', message: 'expected a JSON object whose values are all strings, e.g. {"X-Proxy-Token":"…"}' });
    return z.NEVER;
  }
  return result.data;
});

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** `1` (hops), `loopback`, `10.0.0.5, 192.168.0.0/16`: which reverse proxies' X-Forwarded-* headers to believe. */
export const trustProxy = z.string().transform((value, ctx): false | number | string => {
  const v = value.trim().toLowerCase();
  if (/^\d{1,2}$/.test(v)) return Number(v) === 0 ? false : Number(v);
  if (['false', 'no', 'off'].includes(v)) return false;
  const entries = v.split(',').map((e) => e.trim());
  const bad = entries.find((e) => {
    if (PROXY_NAMES.includes(e)) return false;
    const [ip = '', prefix, extra] = e.split('/');
    const family = isIP(ip);
    const bits = family === 4 ? 32 : 128;
    return family === 0 || extra !== undefined || (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits));
  });
  if (bad !== undefined) {
    const hint = ['true', 'yes', 'on'].includes(v)
      ? 'trusting every hop would let any client choose its own address; give the number of proxies (e.g. 1) or their addresses'
      : `"${bad}" is not an address, subnet or one of ${PROXY_NAMES.join(', ')}; e.g. 1, loopback or 10.0.0.0/8`;
    ctx.addIssue({ code: 'custom', message: `expected a number of proxies or proxy addresses: ${hint}` });
    return z.NEVER;
  }
  return entries.join(', ');
});

/** The API's own path at the end of a pasted address (`…/api/v1/`, `…/api`): the client adds it itself. */
const API_SUFFIX = /\/api(?:\/v1)?$/i;

/** The server's address without trailing slashes or the API's own path: the origin and the reverse proxy's prefix. */
function remoteBase(value: string): string {
  const url = new URL(value);
  // Zod runs the refinements below even when httpUrl's failed (`javascript:…` has no origin): left for that one.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return value;
  const path = url.pathname.replace(/\/+$/, '').replace(API_SUFFIX, '');
  return `${url.origin}${path}`;
}

/**
 * TANDEM_URL: a Tandem server the command line sends its writing commands to (an origin with an optional path
 * prefix, no credentials, query or fragment), normalised without a trailing slash or the API's own `/api/v1` (people
 * paste the address of the API documentation). A path that still reaches into the API (`/api/v1/articles`, `/api/v2`)
 * is refused: no prefix a proxy mounts Tandem under holds an `api` segment, and the requests would go nowhere.
 */
export const remoteUrl = httpUrl('a Tandem server, e.g. https://tandem.example.org')
  .refine(
    (value) => {
      if (!URL.canParse(value)) return true;
      const url = new URL(value);
      return !url.username && !url.password && !url.search && !url.hash;
    },
    { error: 'expected an address without credentials, query or fragment, e.g. https://tandem.example.org' },
  )
  .refine((value) => !URL.canParse(value) || !/(^|\/)api(\/|$)/i.test(new URL(remoteBase(value)).pathname), {
    error: 'expected the address of the Tandem server (e.g. https://tandem.example.org), not a path inside its API',
  })
  .transform(remoteBase);

/** TANDEM_TOKEN: a personal API token as Tandem makes them (`tdm_` and 43 base64url characters). */
export const apiToken = z
  .string()
  .trim()
  .regex(/^tdm_[A-Za-z0-9_-]{43}$/, { error: 'expected a personal API token (tdm_…, from tandem tokens create or /account/tokens)' });
