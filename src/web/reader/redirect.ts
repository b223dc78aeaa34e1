import type { Request, Response } from 'express';

/**
 * The one way the reader site redirects: to a path of this site, keeping the query string the request came with
 * (minus the parameters the redirecting route consumed, such as `lng`). Readers arrive from social media and
 * newsletters with `utm_*` and `fbclid` tags; a redirect that dropped them would lose the campaign the reader came from.
 *
 * Only relative paths of this site are taken: `path` must start with one `/` followed by neither `/` nor `\`
 * (`//evil.example` and `/\evil.example` are read by browsers as another host), so no request can turn a reader
 * redirect into an open redirect. The query is kept as sent (its pairs, byte for byte, so `%20` stays `%20`); after
 * the `?` it cannot change the path or the host, and express percent-encodes what a Location header cannot carry.
 * Throws Error for a path that is not such a path (a programming error: the callers build their paths).
 */
export function redirectKeepingQuery(
  req: Request,
  res: Response,
  status: 301 | 302 | 303,
  path: string,
  consumed: readonly string[] = [],
): void {
  res.redirect(status, withQueryOf(req.originalUrl, path, consumed));
}

/** `path` with the query of `originalUrl` (a request's raw target), minus `consumed`; exported for tests. */
export function withQueryOf(originalUrl: string, path: string, consumed: readonly string[] = []): string {
  if (!/^\/(?![/\\])/.test(path) || /[?#]/.test(path)) throw new Error(`reader redirect: "${path}" is not a path of this site`);
  const at = originalUrl.indexOf('?');
  if (at < 0) return path;
  const kept = originalUrl
    .slice(at + 1)
    .split('#')[0]!
    .split('&')
    .filter((pair) => pair !== '' && !consumed.includes(nameOf(pair)));
  return kept.length === 0 ? path : `${path}?${kept.join('&')}`;
}

/** The decoded name of a `name=value` pair (`+` is a space, as in a form); the raw name when it is not valid UTF-8. */
function nameOf(pair: string): string {
  const raw = pair.split('=')[0]!.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
