import type { TFunction } from 'i18next';
import { AppError, type ErrorParams, type ErrorReason, FormatParseError, LimitError } from '../core/errors.ts';
import { formatSize, formatSizeAndLimit } from '../core/limits.ts';
import { isPermission, isRole } from '../core/roles.ts';
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
  'day',
  'cursor',
  'notText',
  'locale',
  'notTargetLocale',
  'notSourceLocale',
  'notPublishedLocale',
  'unknownField',
  'misspelledField',
  'noFields',
  'unknownParameter',
  'misspelledParameter',
  'repeated',
  'expectedText',
  'expectedNumber',
  'expectedWholeNumber',
  'wholeNumberRange',
  'numberRange',
  'expectedBoolean',
  'expectedList',
  'expectedObject',
  'invalid',
] as const;
export type InputIssueKind = (typeof INPUT_ISSUE_KINDS)[number];

/** One invalid field of a request: its name (the last part of its path, `text`), what is wrong and the figures. */
export interface InputIssue {
  readonly field: string;
  /** Where it was sent, for programs (`query.limit`, `body.items.0.text`); the `errors` of a problem document. */
  readonly path?: string;
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
  'from',
  'to',
  'locales',
  'in',
  'since',
  'actor',
  'agency',
  'approve',
  'at',
  'caseSensitive',
  'characters',
  'desk',
  'entryId',
  'file',
  'forbidden',
  'index',
  'issues',
  'match',
  'mode',
  'note',
  'readOnly',
  'render',
  'slugs',
  'source',
  'tag',
  'target',
  'term',
  'threshold',
  'user',
  'version',
  'was',
  'article',
  'assignee',
  'added',
  'advance',
  'back',
  'baseRevision',
  'case_sensitive',
  'checkId',
  'counts',
  'created',
  'done',
  'duplicates',
  'edit',
  'expected',
  'focus',
  'held',
  'id',
  'imported',
  'issued',
  'n',
  'next',
  'nosource',
  'own',
  'pairs',
  'release',
  'result',
  'revoked',
  'segment',
  'skipped',
  'title',
  'segmentId',
] as const;

// Params holding a language tag: a person reads the language's name (`ja` → "일본어"), as everywhere else.
const LANGUAGE_PARAMS: ReadonlySet<string> = new Set(['locale', 'from', 'to']);

/**
 * Params as a sentence shows them: numbers in the reader's digits, language tags as names, a role as its name
 * (`common:roles.<role>`) and a permission id as what it allows, in words (`errors:permissions.<id>`), so no id of the
 * code (`glossary.manage`) reaches a person.
 */
function formatted(params: ErrorParams, language: string | undefined, t?: TFunction): Record<string, string> {
  const number = numberFormat(language);
  const shown = (k: string, v: string | number): string => {
    if (typeof v === 'number') return number.format(v);
    if (language && LANGUAGE_PARAMS.has(k)) return languageName(v, language);
    // A list of language tags (`en,ja`): each named, with its tag, which is what a query or a command takes.
    if (language && k === 'locales')
      return v
        .split(',')
        .map((l) => `${languageName(l, language)} (${l})`)
        .join(', ');
    if (t && k === 'permission' && isPermission(v)) return t(`errors:permissions.${v}`);
    if (t && k === 'role' && isRole(v)) return t(`common:roles.${v}`);
    return v;
  };
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, shown(k, v)]));
}

const BYTE_LIMITS: ReadonlySet<string> = new Set(['importBytes', 'xliffBytes']);

function limitSentence(error: LimitError, t: TFunction, language: string | undefined): string {
  const number = numberFormat(language);
  // Sizes are worded by core/limits.ts as the command line words them, never the same figure for size and limit.
  const [actual, max] = !BYTE_LIMITS.has(error.limit)
    ? [error.actual === undefined ? '' : number.format(error.actual), number.format(error.max)]
    : error.actual === undefined
      ? ['', formatSize(error.max, { locale: language })]
      : formatSizeAndLimit(error.actual, error.max, language);
  const sentence = t(`common:errors.limits.${error.limit}`, { file: error.file ?? '', max, actual });
  return error.line === undefined ? sentence : `${sentence} ${t('common:errors.limits.atLine', { line: error.line })}`;
}

/**
 * What a person is told about a body express could not read (body-parser's errors carry a `type`, not a class): not
 * JSON, not an object, over the size limit (its `limit` in bytes), an unknown charset, too many form fields.
 */
function bodyReason(
  error: unknown,
  language: string | undefined,
): { readonly reason: ErrorReason; readonly params: ErrorParams } | undefined {
  const { type, limit, body } = (error ?? {}) as { type?: unknown; limit?: unknown; body?: unknown };
  switch (type) {
    case 'entity.parse.failed':
      // Strict JSON: `null`, `42` or `"text"` parse, but are no object of fields.
      return { reason: /^\s*[^\s{[]/.test(String(body ?? '')) ? 'body.not-object' : 'body.not-json', params: {} };
    case 'entity.too.large':
      return { reason: 'body.too-large', params: { max: typeof limit === 'number' ? formatSize(limit, { locale: language }) : '' } };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { reason: 'body.charset', params: {} };
    case 'parameters.too.many':
      return { reason: 'body.too-many-fields', params: {} };
    case 'request.aborted':
    case 'request.size.invalid':
      return { reason: 'body.unreadable', params: {} };
    default:
      return undefined;
  }
}

/**
 * A file a format could not read whose thrower gave no message code (`format.*`, `import.*`): still named, with the
 * line when known, so a refusal never reads "see the details below" with nothing below.
 */
function unreadableSentence(error: FormatParseError, t: TFunction, language: string | undefined): string {
  const file = error.file ?? t('errors:theFile');
  const params: ErrorParams = error.line === undefined ? { file } : { file, line: error.line };
  return t(`errors:reasons.format.${error.line === undefined ? 'unreadable' : 'unreadable-at'}`, formatted(params, language));
}

/**
 * The sentence a user sees for an error, in the request's language: a LimitError's `common:errors.limits.<limit>`, an
 * AppError's `errors:reasons.<reason>` with its params, a FormatParseError without one `errors:reasons.format.unreadable`
 * naming its file; undefined when the error carries no message code (the page then
 * says only what its status means).
 */
export function userMessage(error: unknown, t: TFunction, language?: string): string | undefined {
  if (error instanceof LimitError) return limitSentence(error, t, language);
  if (error instanceof AppError && error.reason) {
    // A refusal that names the permission it lacks reads the sentence that says it in words (`role.forbidden_permission`).
    const context = typeof error.params.permission === 'string' ? { context: 'permission' } : {};
    return t(`errors:reasons.${error.reason}`, { ...formatted(error.params, language, t), ...context });
  }
  if (error instanceof FormatParseError) return unreadableSentence(error, t, language);
  const body = bodyReason(error, language);
  return body ? t(`errors:reasons.${body.reason}`, formatted(body.params, language)) : undefined;
}

/**
 * What a status means, for a page or problem that has no sentence of its own: `common:errors.explain.<status>`, or its
 * `_alone` variant when nothing more is shown (a 400's "check the details below" with no details below would send
 * the reader looking for what is not there).
 */
export function statusSentence(status: number, t: TFunction, hasDetails: boolean): string {
  return t([`common:errors.explain.${status}`, 'common:errors.explain.default'], hasDetails ? {} : { context: 'alone' });
}

/**
 * Kinds of issue about a query parameter or a body field the route does not take: its label says so, whatever its
 * name (a stray `slug` sent where `slugs` is taken is no "Slug").
 */
const STRAY_LABELS: Partial<Record<InputIssueKind, string>> = {
  unknownParameter: 'errors:fields.unknownParameter',
  misspelledParameter: 'errors:fields.unknownParameter',
  unknownField: 'errors:fields.unknownField',
  misspelledField: 'errors:fields.unknownField',
  noFields: 'errors:fields.unknownField',
};

/**
 * One sentence per invalid field, in the request's language (`Comment: at most 2,000 characters.`). `named`: each
 * also names where the field was sent (`Language (query.locale): …`), for a problem document, whose readers write the
 * request and look for the field, not its label.
 */
export function issueSentences(
  issues: readonly InputIssue[],
  t: TFunction,
  language?: string,
  opts: { readonly named?: boolean } = {},
): string[] {
  return issues.map((issue) => {
    const labelled = (LABELLED_FIELDS as readonly string[]).includes(issue.field);
    const key = STRAY_LABELS[issue.kind] ?? (labelled ? `errors:fields.${issue.field}` : 'errors:fields.default');
    const field = opts.named && issue.path ? t('errors:namedField', { label: t(key), path: issue.path }) : t(key);
    return t('errors:issue', { field, problem: t(`errors:issues.${issue.kind}`, formatted(issue.params, language, t)) });
  });
}

/**
 * Each invalid field for programs and the people reading them: where it was sent and what is wrong, worded as
 * issueSentences words it without the field's label, in the request's language (`query.limit: expected a whole
 * number from 1 to 100.`). The `errors` of a problem document.
 */
export function issueEntries(issues: readonly InputIssue[], t: TFunction, language?: string): string[] {
  return issues.map((issue) => `${issue.path ?? issue.field}: ${t(`errors:issues.${issue.kind}`, formatted(issue.params, language, t))}`);
}
