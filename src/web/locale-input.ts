import type { Application } from 'express';
import { z } from 'zod';
import { canonicalLocale, DEFAULT_SOURCE_LOCALE, DEFAULT_TARGET_LOCALES, type Locale } from '../core/locale.ts';
import type { InputIssue } from './error-messages.ts';

/**
 * Which languages a request may name, wherever it names them (path, query, form or JSON body): the one home of the
 * rule, so every route refuses a language the installation does not work in alike, with a 400 naming the field and
 * the languages to use (validate.ts throws it; guards.ts asks it of the path before a role's locale assignment).
 */

/** The languages of an installation: the one its articles are written in and those it translates into. */
export interface InstallationLocales {
  readonly source: Locale;
  readonly targets: readonly Locale[];
}

/**
 * What a path's `:locale` may name: a target locale (`targets`, the default), or any language an edition of an article
 * is published in (`published`: the source locale too, which a newsroom may release by hand).
 */
export type PathLocaleScope = 'targets' | 'published';

const DEFAULT_LOCALES: InstallationLocales = { source: DEFAULT_SOURCE_LOCALE, targets: DEFAULT_TARGET_LOCALES };
const installationLocales = new WeakMap<Application, InstallationLocales>();

/** Tell validation which languages requests to this app may name (createApp; the defaults otherwise). */
export function setInstallationLocales(app: Application, locales: InstallationLocales): void {
  installationLocales.set(app, locales);
}

/** The languages `app` works in, as createApp set them. */
export function installationLocalesOf(app: Application): InstallationLocales {
  return installationLocales.get(app) ?? DEFAULT_LOCALES;
}

/** A locale tag from a form, query or body (at most 35 characters), canonicalized (`zh-hans` → `zh-Hans`); anything else is a 400. */
export const localeField = z
  .string()
  .max(35)
  .transform((l, ctx) => {
    try {
      return canonicalLocale(l);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a locale such as en, ja or zh-Hans', params: { reason: 'locale' } });
      return z.NEVER;
    }
  });

/** Whether a field's schema reads a `localeField`, through wrappers, pipes (preprocess), unions and lists. */
export function readsLocale(schema: z.core.$ZodType | undefined, depth = 0): boolean {
  if (schema === undefined || depth > 8) return false;
  const def = schema._zod.def as unknown as Record<string, unknown>;
  // `.describe()` clones a schema but keeps its definition, so the definition is what identifies the field.
  if (schema._zod.def === localeField._zod.def) return true;
  const inner = [def.innerType, def.in, def.out, def.element, ...((def.options as unknown[] | undefined) ?? [])];
  return inner.some((s) => s !== undefined && readsLocale(s as z.core.$ZodType, depth + 1));
}

/** One value naming a language the installation does not work in, as the issue a person and a program read. */
function localeIssue(field: string, path: string, raw: string, allowed: readonly Locale[], kind: InputIssue['kind']): InputIssue {
  return { field, path, kind, params: { value: raw.slice(0, 40), locales: allowed.join(',') } };
}

/**
 * The issue for `raw` sent as `field` (at `path`) unless it names, in any casing, one of the languages the field may
 * name: `from` the source locale, a path's `:locale` in the `published` scope any of them, anything else a target.
 */
export function unknownLocale(
  field: string,
  path: string,
  raw: string,
  locales: InstallationLocales,
  scope: PathLocaleScope = 'targets',
): InputIssue | null {
  let locale: Locale | null;
  try {
    locale = canonicalLocale(raw);
  } catch {
    locale = null;
  }
  if (field === 'from') return locale === locales.source ? null : localeIssue(field, path, raw, [locales.source], 'notSourceLocale');
  if (scope === 'published') {
    const all = [locales.source, ...locales.targets];
    return locale !== null && all.includes(locale) ? null : localeIssue(field, path, raw, all, 'notPublishedLocale');
  }
  return locale !== null && locales.targets.includes(locale) ? null : localeIssue(field, path, raw, locales.targets, 'notTargetLocale');
}

/** Path parameters that name a language, by their name in the route (`/memory/:from/:to`, `/review/:slug/:locale`). */
export const LOCALE_PATH_PARAMS = ['locale', 'from', 'to'] as const;

/** The issues of a request's path parameters naming a language the installation does not work in. */
export function unknownPathLocales(
  params: Readonly<Record<string, unknown>>,
  locales: InstallationLocales,
  scope: PathLocaleScope,
): InputIssue[] {
  return LOCALE_PATH_PARAMS.flatMap((name) => {
    const value = params[name];
    if (typeof value !== 'string') return [];
    const issue = unknownLocale(name, `params.${name}`, value, locales, name === 'locale' ? scope : 'targets');
    return issue ? [issue] : [];
  });
}

/**
 * The issues of a validated input (`where`: query, body or params) whose `localeField`s name a language the
 * installation does not work in: every such field, at any depth (`body.locales.1`), named by its path. `value` is
 * the schema's output, so each locale is already canonical.
 */
export function unknownInputLocales(schema: z.ZodType, value: unknown, where: string, locales: InstallationLocales): InputIssue[] {
  const found = new Map<string, InputIssue>();
  const walk = (at: z.core.$ZodType | undefined, v: unknown, path: readonly (string | number)[], depth: number): void => {
    if (at === undefined || v === undefined || v === null || depth > 16) return;
    const def = at._zod.def as unknown as Record<string, unknown>;
    if (at._zod.def === localeField._zod.def) {
      const field = String([...path].reverse().find((p) => typeof p === 'string') ?? '');
      const values = Array.isArray(v) ? v.map((x, i) => [x, [...path, i]] as const) : [[v, path] as const];
      for (const [one, at] of values) {
        if (typeof one !== 'string') continue;
        const issue = unknownLocale(field, [where, ...at].join('.'), one, locales);
        if (issue) found.set(`${issue.path}\u0000${one}`, issue);
      }
      return;
    }
    if (def.type === 'object' && typeof v === 'object' && !Array.isArray(v)) {
      for (const [key, fieldSchema] of Object.entries(def.shape as Record<string, z.core.$ZodType>))
        walk(fieldSchema, (v as Record<string, unknown>)[key], [...path, key], depth + 1);
      return;
    }
    if (def.type === 'array') {
      if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(def.element as z.core.$ZodType, x, [...path, i], depth + 1);
      return;
    }
    // Wrappers (optional, default…), pipes (preprocess, transform) and unions: whichever side reads the value.
    const inner = [def.innerType, def.in, def.out, ...((def.options as unknown[] | undefined) ?? [])];
    for (const s of inner) if (s !== undefined) walk(s as z.core.$ZodType, v, path, depth + 1);
  };
  walk(schema, value, [], 0);
  return [...found.values()];
}
