import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { CSRF_FIELD } from './csrf.ts';
import type { InputIssue } from './error-messages.ts';

/**
 * What a query string may name, wherever a route validates one (validate.ts `validated`): the one home of the rule,
 * so a misspelled parameter (`?locales=xx` for `locale`) is refused with a 400 naming it, and the one meant when it is
 * close, instead of answering as if it had not been sent (every locale, the whole list). A route that validates no
 * query takes none. Only a schema that says so (`z.looseObject`, `.passthrough()`) takes parameters it does not name.
 *
 * The public reader pages validate no query and so never reach this rule: readers arrive with `utm_*` and `fbclid`
 * tags from social media, and a 400 there would lose them (reader/routes.ts). The API and the staff pages are strict;
 * tests/web/unknown-query.test.ts walks the route table to keep them so.
 */

/** Parameters every route takes: the CSRF token of a form whose body cannot carry it (file uploads, csrf.ts). */
const ALWAYS_TAKEN: ReadonlySet<string> = new Set([CSRF_FIELD]);

/** The fields an object schema names, through wrappers and pipes; null when it takes any (loose, or no object). */
function namedFields(schema: z.core.$ZodType | undefined, depth = 0): readonly string[] | null {
  if (schema === undefined) return [];
  if (depth > 8) return null;
  const def = schema._zod.def as unknown as Record<string, unknown>;
  if (def.type === 'object') {
    const catchall = def.catchall as z.core.$ZodType | undefined;
    // `.strict()` sets a `never` catchall, `.passthrough()`/`.loose()` an `unknown` one: only the latter takes more.
    if (catchall !== undefined && catchall._zod.def.type !== 'never') return null;
    return Object.keys(def.shape as Record<string, unknown>);
  }
  const inner = (def.innerType ?? def.in) as z.core.$ZodType | undefined;
  return inner ? namedFields(inner, depth + 1) : null;
}

/**
 * The field of `known` a stray name most likely meant: the same in another casing, or within one edit for names of
 * four to six characters and two edits for longer ones (`locales` → `locale`, `lmit` → `limit`); short names are
 * left alone, since `?x=` is as close to `q` as to anything.
 */
export function closestField(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const allowed = lower.length <= 3 ? 0 : lower.length <= 6 ? 1 : 2;
  let best: { field: string; d: number } | undefined;
  for (const field of known) {
    const d = distance(lower, field.toLowerCase());
    if (d <= allowed && (best === undefined || d < best.d)) best = { field, d };
  }
  return best?.field;
}

/**
 * The issues of query parameters `schema` does not name (`schema` undefined: a route that takes no query), one per
 * parameter, with the one meant when it is close.
 */
export function unknownQueryParameters(schema: z.ZodType | undefined, query: unknown): InputIssue[] {
  if (typeof query !== 'object' || query === null) return [];
  const known = namedFields(schema);
  if (known === null) return [];
  return Object.keys(query)
    .filter((name) => !known.includes(name) && !ALWAYS_TAKEN.has(name))
    .map((name): InputIssue => {
      const shown = name.slice(0, 80);
      const meant = closestField(name, known);
      return meant === undefined
        ? { field: name, path: `query.${shown}`, kind: 'unknownParameter', params: { name: shown } }
        : { field: name, path: `query.${shown}`, kind: 'misspelledParameter', params: { name: shown, meant } };
    });
}

/** Whether a field's schema takes a list (`many(localeField)`), through wrappers, pipes and unions. */
function takesList(schema: z.core.$ZodType | undefined, depth = 0): boolean {
  if (schema === undefined || depth > 8) return false;
  const def = schema._zod.def as unknown as Record<string, unknown>;
  if (def.type === 'array') return true;
  const inner = [def.innerType, def.in, def.out, ...((def.options as unknown[] | undefined) ?? [])];
  return inner.some((s) => s !== undefined && takesList(s as z.core.$ZodType, depth + 1));
}

/**
 * Query fields sent more than once (`?limit=1&limit=2` reads as a list) where the schema takes one value: told as
 * such, since zod would call the list a wrong type ("expected a whole number"), which sends the caller looking at
 * the value rather than at the URL.
 */
export function repeatedFields(schema: z.ZodType, value: unknown): InputIssue[] {
  if (!(schema instanceof z.ZodObject) || typeof value !== 'object' || value === null) return [];
  const shape = schema.shape as Record<string, z.core.$ZodType>;
  return Object.entries(value as Record<string, unknown>).flatMap(([field, given]) =>
    Array.isArray(given) && field in shape && !takesList(shape[field])
      ? [{ field, path: `query.${field}`, kind: 'repeated' as const, params: { name: field.slice(0, 80) } }]
      : [],
  );
}
