import { parseCookie } from 'cookie';

/** RFC 6265 allows a quoted cookie value; the quotes are not part of it. Undecodable values are kept as sent. */
function decodeValue(raw: string): string {
  const value = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Cookie header → name/value map, parsed by the `cookie` package (RFC 6265): malformed and nameless pairs are
 * skipped, the first occurrence of a name wins, quoted values lose their quotes, values are percent-decoded when they
 * decode.
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null);
  if (!header) return cookies;
  for (const [name, value] of Object.entries(parseCookie(header, { decode: decodeValue }))) {
    if (name !== '' && value !== undefined) cookies[name] = value;
  }
  return cookies;
}
