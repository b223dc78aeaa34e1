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

/** The fields of an object schema, through wrappers and pipes; null when it takes any (loose, or no object). */
function shapeOf(schema: z.core.$ZodType | undefined, depth = 0): Readonly<Record<string, z.core.$ZodType>> | null {
  if (schema === undefined) return {};
  if (depth > 8) return null;
  const def = schema._zod.def as unknown as Record<string, unknown>;
  if (def.type === 'object') {
    const catchall = def.catchall as z.core.$ZodType | undefined;
    // `.strict()` sets a `never` catchall, `.passthrough()`/`.loose()` an `unknown` one: only the latter takes more.
    if (catchall !== undefined && catchall._zod.def.type !== 'never') return null;
    return def.shape as Record<string, z.core.$ZodType>;
  }
  const inner = (def.innerType ?? def.in) as z.core.$ZodType | undefined;
  return inner ? shapeOf(inner, depth + 1) : null;
}

/** The fields an object schema names, through wrappers and pipes; null when it takes any (loose, or no object). */
function namedFields(schema: z.core.$ZodType | undefined): readonly string[] | null {
  const shape = shapeOf(schema);
  return shape === null ? null : Object.keys(shape);
}

/**
 * Other names a client reaches for when it means a field, too far from it to be a typo: `articles` for the `slugs`
 * of `POST /mt/jobs`. A registry of our own, not zod's global one, so the OpenAPI document does not show them.
 */
const ALIASES = z.registry<{ readonly aliases: readonly string[] }>();

/**
 * `schema`, known also as `aliases`: a field sent under one of them is refused as usual, but named with the field
 * meant (`“articles” is not a field of this request; did you mean “slugs”?`).
 * @example body: z.object({ slugs: alsoCalled(z.array(Slug).optional(), 'articles') })
 */
export function alsoCalled<S extends z.core.$ZodType>(schema: S, ...aliases: readonly string[]): S {
  ALIASES.add(schema, { aliases });
  return schema;
}

/** The field of `object` that `name` stands for: close in spelling (closestField), else one of its aliases. */
function meantField(name: string, object: z.core.$ZodType | undefined): string | undefined {
  const shape = shapeOf(object) ?? {};
  const spelled = closestField(name, Object.keys(shape));
  if (spelled !== undefined) return spelled;
  const lower = name.toLowerCase();
  return Object.entries(shape).find(([, field]) => ALIASES.get(field)?.aliases.some((a) => a.toLowerCase() === lower))?.[0];
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

/**
 * The issue of a field `name` that a strict object (`object`, an API body or one of its objects) does not take, sent
 * at `path` (`body.articles`): with the field meant when it is close in spelling, by the same rule as a query's
 * parameters, or is one of its aliases (alsoCalled); else with the fields it takes, so a JSON client's mistake is
 * pointed at as a URL's is.
 */
export function unknownField(name: string, path: string, object: z.core.$ZodType | undefined): InputIssue {
  const shown = name.slice(0, 80);
  const meant = meantField(name, object);
  if (meant !== undefined) return { field: name, path, kind: 'misspelledField', params: { name: shown, meant } };
  // Nothing close: the fields it does take, so the caller need not look them up (none: a write that takes no body).
  const fields = namedFields(object) ?? [];
  return fields.length === 0
    ? { field: name, path, kind: 'noFields', params: { name: shown } }
    : { field: name, path, kind: 'unknownField', params: { name: shown, fields: fields.map((f) => `“${f}”`).join(', ') } };
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
