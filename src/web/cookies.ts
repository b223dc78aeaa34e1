import { parseCookie } from 'cookie';

/**
 * Cookie header → name/value map, parsed by the `cookie` package (RFC 6265): malformed pairs are skipped, the first
 * occurrence of a name wins, quoted values lose their quotes and values are percent-decoded when they decode.
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null);
  if (!header) return cookies;
  for (const [name, value] of Object.entries(parseCookie(header))) if (value !== undefined) cookies[name] = value;
  return cookies;
}
