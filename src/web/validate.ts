import { canonicalLocale } from '../core/locale.ts';
import type { Request } from 'express';
import { z } from 'zod';
import { ValidationError } from '../core/errors.ts';
import { firstNonTextChar } from '../core/text.ts';

/** Parse `value` with `schema` or throw a ValidationError listing each problem as `<where>.<field>: <message>`. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return `${where}${path ? `.${path}` : ''}: ${issue.message}`;
  });
  throw new ValidationError(`web: invalid ${where}: ${details.join('; ')}`, details);
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
    if (bad) ctx.addIssue({ code: 'custom', message: `contains ${bad.code} at position ${bad.index}, which is not text; remove it` });
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
      ctx.addIssue({ code: 'custom', message: 'expected a locale such as en, ja or zh-Hans' });
      return z.NEVER;
    }
  });

/** An empty form field counts as absent (a select left on "all"); spaces are a value, and are validated as one. */
export const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);
