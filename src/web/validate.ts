import type { Request } from 'express';
import { z } from 'zod';
import { type AppErrorOptions, ValidationError } from '../core/errors.ts';
import { firstNonTextChar } from '../core/text.ts';
import { CURSOR_ISSUE, isCursorRefusal } from './cursor-input.ts';
import type { InputIssue, InputIssueKind } from './error-messages.ts';
import { installationLocalesOf, type PathLocaleScope, unknownInputLocales, unknownPathLocales } from './locale-input.ts';
import { repeatedFields, unknownField, unknownQueryParameters } from './query-input.ts';

export { localeField, setInstallationLocales, type InstallationLocales } from './locale-input.ts';

/** A request whose form, query or path did not validate: `details` for logs and API clients, `issues` for people. */
export class InputError extends ValidationError {
  readonly issues: readonly InputIssue[];

  constructor(message: string, details: readonly string[], issues: readonly InputIssue[], options?: AppErrorOptions) {
    super(message, details, options);
    this.issues = issues;
  }
}

/**
 * The invalid fields an error names for people: an InputError's, or the cursor a listing refused (cursor-input.ts);
 * none for any other error. What the error pages and problem documents list as `issues`.
 */
export function inputIssuesOf(error: unknown): readonly InputIssue[] {
  if (error instanceof InputError) return error.issues;
  return isCursorRefusal(error) ? [CURSOR_ISSUE] : [];
}

type IssueOf = { kind: InputIssueKind; params: Record<string, string | number> };

/** The schema a path of a value leads to, through objects, arrays and wrappers (optional, default, pipe…). */
function schemaAt(schema: z.core.$ZodType | undefined, path: readonly PropertyKey[]): z.core.$ZodType | undefined {
  let at = schema;
  for (let i = 0; at !== undefined && i <= path.length; ) {
    const def = at._zod.def as unknown as Record<string, unknown>;
    const inner = (def.innerType ?? (def.type === 'pipe' ? def.out : undefined)) as z.core.$ZodType | undefined;
    if (inner) at = inner;
    else if (i === path.length) break;
    else if (def.type === 'object') at = (def.shape as Record<string, z.core.$ZodType>)[String(path[i++])];
    else if (def.type === 'array') [at, i] = [def.element as z.core.$ZodType, i + 1];
    else return undefined;
  }
  return at;
}

/** The bounds of a number field, as its schema declares them (`z.coerce.number().int().min(1).max(100)`). */
function numberBounds(schema: z.core.$ZodType | undefined): { min?: number; max?: number; int: boolean } | null {
  if (!(schema instanceof z.ZodNumber)) return null;
  const finite = (n: number | null) => (n !== null && Number.isFinite(n) && Math.abs(n) < Number.MAX_SAFE_INTEGER ? n : undefined);
  const min = finite(schema.minValue);
  const max = finite(schema.maxValue);
  return { int: schema.isInt, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}

/** "A whole number from 1 to 100" when the schema gives both bounds, else the plain kind. */
function numberIssue(schema: z.core.$ZodType | undefined, fallback: IssueOf): IssueOf {
  const bounds = numberBounds(schema);
  if (bounds?.min !== undefined && bounds.max !== undefined)
    return { kind: bounds.int ? 'wholeNumberRange' : 'numberRange', params: { min: bounds.min, max: bounds.max } };
  return fallback;
}

// What a person is told a field should have been, by the type zod expected (`invalid_type`'s `expected`).
const EXPECTED_KINDS: Readonly<Record<string, InputIssueKind>> = {
  string: 'expectedText',
  number: 'expectedNumber',
  int: 'expectedWholeNumber',
  boolean: 'expectedBoolean',
  array: 'expectedList',
  object: 'expectedObject',
};

/**
 * What kind of problem a zod issue is, and the figures its sentence names: by the issue's code, and for numbers by the
 * bounds the schema declares, so every route's fields are worded alike without a sentence of their own.
 */
function issueOf(issue: z.core.$ZodIssue, schema: z.core.$ZodType): IssueOf {
  const bound = (key: 'maximum' | 'minimum') => Number((issue as unknown as Record<string, unknown>)[key]);
  const origin = (issue as { origin?: string }).origin;
  switch (issue.code) {
    case 'too_big':
      return origin === 'string'
        ? { kind: 'tooLong', params: { max: bound('maximum') } }
        : numberIssue(schemaAt(schema, issue.path), { kind: 'tooLarge', params: { max: bound('maximum') } });
    case 'too_small':
      if (origin === 'string')
        return bound('minimum') <= 1 ? { kind: 'required', params: {} } : { kind: 'tooShort', params: { min: bound('minimum') } };
      return numberIssue(schemaAt(schema, issue.path), { kind: 'tooSmall', params: { min: bound('minimum') } });
    case 'invalid_type': {
      if (issue.input === undefined) return { kind: 'required', params: {} };
      const kind = EXPECTED_KINDS[issue.expected] ?? 'invalid';
      if (issue.expected !== 'number' && issue.expected !== 'int') return { kind, params: {} };
      const bounds = numberBounds(schemaAt(schema, issue.path));
      return numberIssue(schemaAt(schema, issue.path), { kind: bounds?.int ? 'expectedWholeNumber' : kind, params: {} });
    }
    case 'invalid_value':
      return choiceIssue(issue.values);
    case 'invalid_union': {
      // A field taking one value or a list (`?state=a&state=b`, queue.ts `many`): told as the choice of its values.
      const choice = issue.errors.flat().find((inner) => inner.code === 'invalid_value');
      return choice?.code === 'invalid_value' ? choiceIssue(choice.values) : { kind: 'invalid', params: {} };
    }
    case 'invalid_format':
      // `z.iso.date()`: worded as the usage page and `tandem usage --since` word a day (core/dates.ts parseIsoDay).
      if (issue.format === 'date') return { kind: 'day', params: { value: String(issue.input ?? '').slice(0, 40) } };
      return { kind: 'invalid', params: {} };
    case 'custom': {
      const params = (issue.params ?? {}) as Record<string, string | number>;
      if (params.reason === 'not-text')
        return { kind: 'notText', params: { char: String(params.char), position: Number(params.position) } };
      if (params.reason === 'locale') return { kind: 'locale', params: {} };
      if (params.reason === 'cursor') return { kind: 'cursor', params: {} };
      return { kind: 'invalid', params: {} };
    }
    default:
      return { kind: 'invalid', params: {} };
  }
}

/** An enum's refusal names the values it takes (`one of: pending, draft`), so the caller need not guess. */
function choiceIssue(values: readonly unknown[]): IssueOf {
  const shown = values.slice(0, 30).map(String).join(', ');
  return { kind: 'choice', params: { values: values.length > 30 ? `${shown}, …` : shown } };
}

/** What one part of a request (`where`: body, params or query) parsed to, or the problems it has. */
interface Parsed {
  readonly data?: unknown;
  readonly details: readonly string[];
  readonly issues: readonly InputIssue[];
}

/**
 * Parse `value` with `schema`: its data, or each problem as a detail for logs (`<where>.<field>: <zod's message>`)
 * and an issue for people. A query's parameters the schema does not name are problems too (query-input.ts).
 */
function parsePart(schema: z.ZodType | undefined, value: unknown, where: string): Parsed {
  const stray = where === 'query' ? unknownQueryParameters(schema, value) : [];
  if (schema === undefined) return { details: stray.map((s) => `${s.path}: not a parameter of this route`), issues: stray };
  // reportInput: zod 4 leaves `issue.input` out by default, and without it a field sent with the wrong type
  // (`{"text": 5}`, `?limit=abc`) would read as absent and be told "this is required".
  const result = schema.safeParse(value, { reportInput: true });
  const repeated = where === 'query' ? repeatedFields(schema, value) : [];
  if (result.success && repeated.length === 0 && stray.length === 0) return { data: result.data, details: [], issues: [] };
  const twice = new Set(repeated.map((r) => r.field));
  const zodIssues = (result.success ? [] : result.error.issues).filter((issue) => !twice.has(String(issue.path[0] ?? '')));
  const pathOf = (path: readonly PropertyKey[]) => [where, ...path.map(String)].join('.');
  const details = [
    ...stray.map((s) => `${s.path}: not a parameter of this route`),
    ...repeated.map((r) => `${r.path}: given more than once`),
    ...zodIssues.map((issue) => `${pathOf(issue.path)}: ${issue.message}`),
  ];
  const issues = [
    ...stray,
    ...repeated,
    ...zodIssues.flatMap((issue): InputIssue[] =>
      // A strict object's stray keys (an API body's `stat` for `state`): one issue per key, named, with the field meant.
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => unknownField(key, pathOf([...issue.path, key]), schemaAt(schema, issue.path)))
        : [
            {
              field: String([...issue.path].reverse().find((p) => typeof p === 'string') ?? ''),
              path: pathOf(issue.path),
              ...issueOf(issue, schema),
            },
          ],
    ),
  ];
  return { details, issues };
}

/** Throw one InputError for every problem of the parts (`where` → what it parsed to), if any has one. */
function refuse(parts: readonly (readonly [string, Parsed])[]): void {
  const failed = parts.filter(([, p]) => p.details.length > 0);
  if (failed.length === 0) return;
  const details = failed.flatMap(([, p]) => p.details);
  const where = failed.map(([w]) => w).join(' and ');
  throw new InputError(
    `web: invalid ${where}: ${details.join('; ')}`,
    details,
    failed.flatMap(([, p]) => p.issues),
  );
}

/** Parse `value` with `schema` or throw an InputError listing each problem as `<where>.<field>: <message>`. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = parsePart(schema, value, where);
  refuse([[where, parsed]]);
  return parsed.data as z.output<S>;
}

export interface InputSchemas {
  readonly body?: z.ZodType;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
}

export type ValidatedInput<S extends InputSchemas> = {
  readonly [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never;
};

/**
 * Validate a request at the edge, first thing in a handler (after requireRole). Fields of a form not named in a schema
 * are stripped by zod objects, so handlers never see unchecked input; query parameters it does not name are refused
 * (query-input.ts), a route without a query schema taking none, so even a route with nothing to read calls it.
 * @example const { params, body } = validated(req, { params: z.object({ slug: slugSchema }), body: z.object({ text: z.string().max(10_000) }) });
 */
export function validated<S extends InputSchemas>(req: Request, schemas: S): ValidatedInput<S> {
  // Every part is read before any is refused, so one answer names every problem of the request.
  const parts = {
    body: schemas.body ? parsePart(schemas.body, req.body ?? {}, 'body') : undefined,
    params: schemas.params ? parsePart(schemas.params, req.params, 'params') : undefined,
    // Always read: a route that names no query takes none, so `?locales=` on it is refused too (query-input.ts).
    query: parsePart(schemas.query, req.query, 'query'),
  };
  const given = (['body', 'params', 'query'] as const).filter((where) => parts[where] !== undefined);
  refuse(given.map((where) => [where, parts[where]!] as const));
  const out: Record<string, unknown> = {};
  for (const where of given) if (schemas[where]) out[where] = parts[where]!.data;
  // A language the installation does not work in would only ever answer an empty list or a 404 that reads as
  // "nothing to do"; every `localeField`, in a query, a form or a JSON body, is refused alike (locale-input.ts).
  const locales = installationLocalesOf(req.app);
  refuseLocales(
    (['params', 'query', 'body'] as const).flatMap((where) => {
      const schema = schemas[where];
      return schema ? unknownInputLocales(schema, out[where], where, locales) : [];
    }),
  );
  return out as ValidatedInput<S>;
}

/**
 * Refuse a request whose path names a language the installation does not work in (`/review/<slug>/xx`): a 400 naming
 * the parameter and the languages to use. The guards ask it of every route first, before a role's locale assignment,
 * so a locale-bound user is not told "not assigned" of a language that does not exist here. `scope` says what the
 * route's `:locale` may name (PathLocaleScope); `:from` is always the source locale, `:to` a target.
 */
export function refuseUnknownPathLocales(req: Request, scope: PathLocaleScope = 'targets'): void {
  refuseLocales(unknownPathLocales(req.params, installationLocalesOf(req.app), scope));
}

function refuseLocales(issues: readonly InputIssue[]): void {
  if (issues.length === 0) return;
  const details = issues.map((i) => `${i.path}: ${i.params.value} is not one of ${String(i.params.locales).split(',').join(', ')}`);
  throw new InputError(`web: unknown language: ${details.join('; ')}`, details, issues);
}

/**
 * A string field a person types (translations, comments, reasons): at most `max` UTF-16 code units, optionally trimmed,
 * and refused when it holds a control character, a lone surrogate or U+FFFE/U+FFFF (core/text.ts `firstNonTextChar`),
 * which no keyboard sends and no published file can carry.
 */
export function typedText(max: number, opts: { readonly trim?: boolean } = {}) {
  const base = opts.trim ? z.string().trim() : z.string();
  return base.max(max).superRefine((value, ctx) => {
    const bad = firstNonTextChar(value);
    if (bad)
      ctx.addIssue({
        code: 'custom',
        message: `contains ${bad.code} at position ${bad.index}, which is not text; remove it`,
        params: { reason: 'not-text', char: bad.code, position: bad.index + 1 },
      });
  });
}

/** An empty form field counts as absent (a select left on "all"); spaces are a value, and are validated as one. */
export const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);
