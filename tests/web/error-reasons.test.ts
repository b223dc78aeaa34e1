import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type AppError,
  ERROR_REASONS,
  FourEyesError,
  MtAuthError,
  MtBudgetError,
  MtError,
  MtQuotaError,
  MtRateLimitError,
} from '../../src/core/errors.ts';
import { PublishRefusedError } from '../../src/core/publication.ts';
import { userMessage } from '../../src/web/error-messages.ts';
import { createI18n, loadLocaleResources, UI_LANGUAGES } from '../../src/web/i18n.ts';

// The code that refuses what a person asked for on the glossary, publish, machine translation, confidential, import
// and upload paths: every error it throws must carry a message code.
const ROOT = join(import.meta.dirname, '../..');
const FILES = [
  ...readdirSync(join(ROOT, 'src/services'))
    .filter((f) => /^(glossary|publish|confidential|import|input-file|memory)/.test(f))
    .map((f) => `src/services/${f}`),
  ...readdirSync(join(ROOT, 'src/services/mt')).map((f) => `src/services/mt/${f}`),
  'src/core/publication.ts',
  'src/core/slug.ts',
  'src/web/multipart.ts',
  'src/web/routes/glossary.ts',
  'src/web/routes/confidential.ts',
  'src/web/routes/mt.ts',
  'src/web/routes/articles.ts',
  ...readdirSync(join(ROOT, 'src/web/reader'))
    .filter((f) => f.startsWith('publish'))
    .map((f) => `src/web/reader/${f}`),
];

// Classes that choose their message code themselves (or, for ConfigError and plain Error, never reach a person as a
// refusal: they stop the start-up or are logged as a 500), and the worker's internal stop signal.
const CODED_BY_CLASS = new Set([
  'FourEyesError',
  'MtBudgetError',
  'PublishRefusedError',
  'LimitError',
  'MtError',
  'MtRateLimitError',
  'MtQuotaError',
  'MtAuthError',
  'ConfigError',
  'Error',
  'StopDraining',
]);

/** Every `new SomethingError(…)` of a source file: the class and the constructor's argument text. */
function constructions(source: string): { readonly type: string; readonly args: string; readonly line: number }[] {
  const found: { type: string; args: string; line: number }[] = [];
  for (const match of source.matchAll(/\bnew (\w*Error|StopDraining)\(/g)) {
    let depth = 1;
    let i = match.index + match[0].length;
    for (; i < source.length && depth > 0; i++) {
      if (source[i] === '(') depth++;
      else if (source[i] === ')') depth--;
    }
    const args = source.slice(match.index + match[0].length, i - 1);
    found.push({ type: match[1]!, args, line: source.slice(0, match.index).split('\n').length });
  }
  return found;
}

const strict = createI18n({
  onMissingKey: (lng, ns, key) => {
    throw new Error(`missing i18n key ${ns}:${key} (${lng})`);
  },
});
const resources = loadLocaleResources() as Record<string, Record<string, Record<string, unknown>>>;

function sentenceOf(lng: string, reason: string): unknown {
  return reason
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], resources[lng]?.errors?.reasons);
}

describe('message codes of every refusal', () => {
  it.each(FILES)('when %s throws an error a person may see, then it carries a message code', (file) => {
    const uncoded = constructions(readFileSync(join(ROOT, file), 'utf8'))
      .filter((c) => !CODED_BY_CLASS.has(c.type) && !/\breason\b/.test(c.args))
      .map((c) => `${file}:${c.line} new ${c.type}(${c.args.slice(0, 60)}…)`);
    expect(uncoded).toEqual([]);
  });

  it.each(ERROR_REASONS)('when the message code is %s, then en and ko both have its sentence with the same placeholders', (reason) => {
    const en = sentenceOf('en', reason);
    const ko = sentenceOf('ko', reason);
    expect(typeof en, `en errors:reasons.${reason}`).toBe('string');
    expect(typeof ko, `ko errors:reasons.${reason}`).toBe('string');
    const names = (s: unknown) => [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    expect(names(ko)).toEqual(names(en));
  });

  const classCoded: [string, AppError][] = [
    ['FourEyesError', new FourEyesError('developer-only')],
    ['MtBudgetError', new MtBudgetError('developer-only', { limit: 10, spent: 9, cost: 4 })],
    ['MtError', new MtError('developer-only', { code: 'mt-timeout' })],
    ['MtRateLimitError', new MtRateLimitError('developer-only')],
    ['MtQuotaError', new MtQuotaError('developer-only')],
    ['MtAuthError', new MtAuthError('developer-only')],
    ['MtError (glossary refused)', new MtError('developer-only', { code: 'mt-glossary-refused' })],
    [
      'PublishRefusedError',
      new PublishRefusedError('developer-only', 'en', [{ segmentId: 's1', order: 0, kind: 'paragraph', state: 'draft' }]),
    ],
    [
      'PublishRefusedError (checks)',
      new PublishRefusedError('developer-only', 'en', [
        { segmentId: 's1', order: 0, kind: 'paragraph', state: 'approved', openErrors: ['numbers'] },
      ]),
    ],
  ];
  describe.each(UI_LANGUAGES)('in %s', (lng) => {
    it.each(classCoded)('when a %s is thrown, then its class gives it a translated sentence', (_name, error) => {
      const text = userMessage(error, strict.getFixedT(lng), lng);
      expect(text).toBeTruthy();
      expect(text).not.toMatch(/\{\{|errors:|reasons\./);
      expect(text).not.toContain('developer-only');
    });
  });
});
