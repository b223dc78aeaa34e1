import { canonicalLocale } from '../core/locale.ts';
import type { Request } from 'express';
import { z } from 'zod';
import { ValidationError } from '../core/errors.ts';
import { firstNonTextChar } from '../core/text.ts';
import type { InputIssue, InputIssueKind } from './error-messages.ts';

/** A request whose form, query or path did not validate: `details` for logs and API clients, `issues` for people. */
export class InputError extends ValidationError {
  readonly issues: readonly InputIssue[];

  constructor(message: string, details: readonly string[], issues: readonly InputIssue[]) {
    super(message, details);
    this.issues = issues;
  }
}

/** What kind of problem a zod issue is, and the figures its sentence names. */
function issueOf(issue: z.core.$ZodIssue): { kind: InputIssueKind; params: Record<string, string | number> } {
  const bound = (key: 'maximum' | 'minimum') => Number((issue as unknown as Record<string, unknown>)[key]);
  const origin = (issue as { origin?: string }).origin;
  switch (issue.code) {
    case 'too_big':
      return origin === 'string'
        ? { kind: 'tooLong', params: { max: bound('maximum') } }
        : { kind: 'tooLarge', params: { max: bound('maximum') } };
    case 'too_small':
      if (origin === 'string')
        return bound('minimum') <= 1 ? { kind: 'required', params: {} } : { kind: 'tooShort', params: { min: bound('minimum') } };
      return { kind: 'tooSmall', params: { min: bound('minimum') } };
    case 'invalid_type':
      return { kind: issue.input === undefined ? 'required' : 'invalid', params: {} };
    case 'invalid_value':
      return { kind: 'choice', params: {} };
    case 'custom': {
      const params = (issue.params ?? {}) as Record<string, string | number>;
      if (params.reason === 'not-text')
        return { kind: 'notText', params: { char: String(params.char), position: Number(params.position) } };
      if (params.reason === 'locale') return { kind: 'locale', params: {} };
      return { kind: 'invalid', params: {} };
    }
    default:
      return { kind: 'invalid', params: {} };
  }
}

/** Parse `value` with `schema` or throw an InputError listing each problem as `<where>.<field>: <message>`. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  // reportInput: zod 4 leaves `issue.input` out by default, and without it a field sent with the wrong type
  // (`{"text": 5}`, `?limit=abc`) would read as absent and be told "this is required".
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return `${where}${path ? `.${path}` : ''}: ${issue.message}`;
  });
  const issues = result.error.issues.flatMap((issue): InputIssue[] =>
    // A strict object's stray keys (an API body's `stat` for `state`): one issue per key, named, so the typo is found.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: key, kind: 'unknownField', params: { name: key.slice(0, 80) } }))
      : [{ field: String([...issue.path].reverse().find((p) => typeof p === 'string') ?? ''), ...issueOf(issue) }],
  );
  throw new InputError(`web: invalid ${where}: ${details.join('; ')}`, details, issues);
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
 * Validate a request at the edge, first thing in a handler (after requireRole). Fields not named in a schema are
 * stripped by zod objects, so handlers never see unchecked input.
 * @example const { params, body } = validated(req, { params: z.object({ slug: slugSchema }), body: z.object({ text: z.string().max(10_000) }) });
 */
export function validated<S extends InputSchemas>(req: Request, schemas: S): ValidatedInput<S> {
  const out: Record<string, unknown> = {};
  if (schemas.body) out.body = parseInput(schemas.body, req.body ?? {}, 'body');
  if (schemas.params) out.params = parseInput(schemas.params, req.params, 'params');
  if (schemas.query) out.query = parseInput(schemas.query, req.query, 'query');
  return out as ValidatedInput<S>;
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

/** A locale tag from a form or query (at most 35 characters), canonicalized (`zh-hans` → `zh-Hans`); anything else is a 400. */
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

/** An empty form field counts as absent (a select left on "all"); spaces are a value, and are validated as one. */
export const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);
