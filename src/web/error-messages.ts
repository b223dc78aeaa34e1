import type { TFunction } from 'i18next';
import { AppError, type ErrorParams, LimitError } from '../core/errors.ts';
import { languageName, numberFormat } from './intl-cache.ts';

/**
 * What a person is told about an error, in their language: chosen by the error's message code (`reason`, `limit`,
 * the kind of each invalid form field), never its developer message, which only goes to the log.
 */

/** Kinds of invalid input the web names (`errors:issues.<kind>`), from zod issue codes (validate.ts). */
export const INPUT_ISSUE_KINDS = [
  'required',
  'tooLong',
  'tooShort',
  'tooLarge',
  'tooSmall',
  'choice',
  'notText',
  'locale',
  'unknownField',
  'invalid',
] as const;
export type InputIssueKind = (typeof INPUT_ISSUE_KINDS)[number];

/** One invalid field of a request: its name (the last part of its path, `text`), what is wrong and the figures. */
export interface InputIssue {
  readonly field: string;
  readonly kind: InputIssueKind;
  readonly params: ErrorParams;
}

/** Field names with a label of their own (`errors:fields.<name>`); any other field is "a field". */
export const LABELLED_FIELDS = [
  'text',
  'comment',
  'reason',
  'override',
  'locale',
  'slug',
  'content',
  'format',
  'name',
  'password',
  'role',
  'lng',
  'q',
  'page',
  'sort',
  'dir',
  'state',
  'days',
  'limit',
  'cursor',
] as const;

// Params holding a language tag: a person reads the language's name (`ja` → "일본어"), as everywhere else.
const LANGUAGE_PARAMS: ReadonlySet<string> = new Set(['locale', 'from', 'to']);

function formatted(params: ErrorParams, language: string | undefined): Record<string, string> {
  const number = numberFormat(language);
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      typeof v === 'number' ? number.format(v) : language && LANGUAGE_PARAMS.has(k) ? languageName(v, language) : v,
    ]),
  );
}

function byteSize(bytes: number, number: Intl.NumberFormat): string {
  if (bytes >= 1024 * 1024) return `${number.format(Math.round((bytes / (1024 * 1024)) * 10) / 10)} MiB`;
  if (bytes >= 1024) return `${number.format(Math.round(bytes / 1024))} KiB`;
  return `${number.format(bytes)} B`;
}

function limitSentence(error: LimitError, t: TFunction, language: string | undefined): string {
  const number = numberFormat(language);
  const amount = (value: number) =>
    error.limit === 'importBytes' || error.limit === 'xliffBytes' ? byteSize(value, number) : number.format(value);
  const sentence = t(`common:errors.limits.${error.limit}`, {
    file: error.file ?? '',
    max: amount(error.max),
    actual: error.actual === undefined ? '' : amount(error.actual),
  });
  return error.line === undefined ? sentence : `${sentence} ${t('common:errors.limits.atLine', { line: error.line })}`;
}

/**
 * The sentence a user sees for an error, in the request's language: a LimitError's `common:errors.limits.<limit>`, an
 * AppError's `errors:reasons.<reason>` with its params; undefined when the error carries no message code (the page then
 * says only what its status means).
 */
export function userMessage(error: unknown, t: TFunction, language?: string): string | undefined {
  if (error instanceof LimitError) return limitSentence(error, t, language);
  if (error instanceof AppError && error.reason) return t(`errors:reasons.${error.reason}`, formatted(error.params, language));
  return undefined;
}

/** One sentence per invalid field, in the request's language (`Comment: at most 2,000 characters.`). */
export function issueSentences(issues: readonly InputIssue[], t: TFunction, language?: string): string[] {
  return issues.map((issue) => {
    const labelled = (LABELLED_FIELDS as readonly string[]).includes(issue.field);
    const field = t(labelled ? `errors:fields.${issue.field}` : 'errors:fields.default');
    return t('errors:issue', { field, problem: t(`errors:issues.${issue.kind}`, formatted(issue.params, language)) });
  });
}
