import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireLocale, UnknownLocaleError } from '../../src/core/locale.ts';
import type { Tandem } from '../../src/main.ts';
import { describeErrorIn } from '../../src/cli/errors.ts';
import { userMessage } from '../../src/web/error-messages.ts';
import { createI18n } from '../../src/web/i18n.ts';
import { type Installation, openInstallation } from '../support/installation.ts';

// Every service entry that takes a locale from outside refuses one the installation does not translate into with the
// same error (core/locale.ts requireLocale): UnknownLocaleError, reason `locale.not-target`, the locale in canonical
// casing and the target locales to use, whichever service it is and however the caller spelled the tag.

let installation: Installation;
let tandem: Tandem;
let segmentId: string;

beforeAll(async () => {
  installation = await openInstallation('tandem-unknown-locale-', { 'a.md': '---\ntitle: 쌀값\nslug: rice\n---\n\n쌀값이 올랐다.\n' });
  ({ tandem } = installation);
  await tandem.users.add({ name: 'ed', role: 'editor', locales: ['en'], password: 'ed password!' });
  segmentId = (await tandem.articles.get('rice')).segments[0]!.id;
}, 60_000);

afterAll(async () => {
  await installation?.close();
});

type Entry = (t: Tandem, locale: string) => Promise<unknown>;

const ENTRIES: readonly (readonly [string, Entry])[] = [
  ['users.add', (t, l) => t.users.add({ name: 'kim', role: 'translator', locales: ['en', l] })],
  ['users.setLocales', (t, l) => t.users.setLocales('ed', [l])],
  ['users.setAccess', (t, l) => t.users.setAccess('ed', { role: 'editor', locales: [l] })],
  ['apiTokens.create', async (t, l) => t.apiTokens.create({ owner: await t.users.get('ed'), name: 'cms', locales: [l] })],
  ['publish.publish', (t, l) => t.publish.publish({ slug: 'rice', locale: l, actor: { name: 'ed' } })],
  ['mt.enqueue', (t, l) => t.mt.enqueue({ locales: [l], by: 'ed' })],
  ['mt.retranslate', (t, l) => t.mt.retranslate({ slug: 'rice', segmentId, locale: l, by: 'ed' })],
  ['articles.list', (t, l) => t.articles.list({ locale: l })],
  [
    'review.saveTranslation',
    (t, l) =>
      t.review.saveTranslation({ slug: 'rice', segmentId, locale: l, text: 'x', baseRevision: 0, actor: { name: 'ed', role: 'editor' } }),
  ],
  ['review.approveAll', (t, l) => t.review.approveAll({ slug: 'rice', locale: l, actor: { name: 'ed', role: 'editor' } })],
  ['review.submitAll', (t, l) => t.review.submitAll({ slug: 'rice', locale: l, actor: { name: 'ed', role: 'editor' } })],
  ['xliff.exportFile', (t, l) => t.xliff.exportFile({ slugs: ['rice'], locale: l, version: '2.0' })],
];

// A language nobody configured, one in another casing, and the source language (never a target).
const UNKNOWN = [
  ['de', 'de'],
  ['ZH-hans', 'zh-Hans'],
  ['ko', 'ko'],
] as const;

describe('an unknown locale is refused alike by every service', () => {
  // Publishing the source language has a refusal of its own (the original is always published), tested in publish.test.ts.
  const cases = ENTRIES.flatMap(([name, entry]) => UNKNOWN.map(([raw, canonical]) => [name, raw, canonical, entry] as const)).filter(
    ([name, raw]) => !(name === 'publish.publish' && raw === 'ko'),
  );
  it.each(cases)(
    'when %s is given %s, then it throws UnknownLocaleError naming %s and the target locales',
    async (_name, raw, canonical, entry) => {
      const refusal = await entry(tandem, raw).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(UnknownLocaleError);
      const error = refusal as UnknownLocaleError;
      expect(error.locale).toBe(canonical);
      expect(error.allowed).toEqual(['en', 'ja']);
      expect(error.reason).toBe('locale.not-target');
      expect(error.params).toMatchObject({ locale: canonical, locales: 'en,ja' });
    },
  );

  it('when one reaches the web or the CLI, then each words it by its message code with the locales to use', () => {
    const error = new UnknownLocaleError('users', 'locales', 'de', ['en', 'ja']);
    const i18n = createI18n({});
    expect(userMessage(error, i18n.getFixedT('en'), 'en')).toBe(
      'German is not one of the languages this newsroom translates into; use one of English (en), Japanese (ja).',
    );
    expect(userMessage(error, i18n.getFixedT('ko'), 'ko')).toContain('독일어');
    expect(describeErrorIn(error, i18n.getFixedT('en'))).toBe(
      'locales: de is not one of the languages this newsroom translates into; use one of en, ja.',
    );
  });

  it('when a tag is malformed, then requireLocale throws the BCP 47 error, not UnknownLocaleError', () => {
    expect(() => requireLocale('test', 'locale', ['en'], 'en_US!')).toThrow(/not a BCP 47 language tag/);
    expect(() => requireLocale('test', 'locale', ['en'], 'en_US!')).not.toThrow(UnknownLocaleError);
  });

  it('when a tag is one of the allowed in other casing, then requireLocale answers it canonical', () => {
    expect(requireLocale('test', 'locale', ['en', 'zh-Hans'], 'ZH-HANS')).toBe('zh-Hans');
  });
});
