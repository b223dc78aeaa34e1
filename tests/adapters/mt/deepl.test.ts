import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeeplProvider, deeplTargetCode } from '../../../src/adapters/mt/deepl.ts';
import { createMtProvider } from '../../../src/adapters/mt/index.ts';
import { NoneProvider } from '../../../src/adapters/mt/none.ts';
import { ConfigError, MtAuthError, MtError, MtQuotaError, MtRateLimitError } from '../../../src/core/errors.ts';
import { FakeDeepl } from '../../fake-deepl/server.ts';

let fake: FakeDeepl;
let provider: DeeplProvider;
beforeEach(async () => {
  fake = await FakeDeepl.start({ acceptedKeys: ['good:fx'] });
  provider = new DeeplProvider({ authKey: 'good:fx', serverUrl: fake.url, timeoutMs: 1000, headers: { 'X-Newsroom': 'tandem' } });
});
afterEach(async () => {
  await fake.close();
});

describe('DeeplProvider', () => {
  it.each([
    ['en', 'en-US', 'en-US'],
    ['en', 'en-GB', 'en-GB'],
    ['ja', 'en-US', 'ja'],
    ['zh-Hans', 'en-US', 'zh-HANS'],
    ['ko', 'en-US', 'ko'],
  ] as const)('when the target is %s (English as %s), then DeepL gets %s', (locale, variant, code) => {
    expect(deeplTargetCode(locale, variant)).toBe(code);
  });

  it('when texts are translated, then deepl-node sends a form with tag handling, ignore tags, context and the extra headers', async () => {
    const result = await provider.translate({
      sourceLocale: 'ko',
      targetLocale: 'en',
      texts: ['<g1>안녕</g1>', '둘'],
      context: '제목',
      ignoreTags: ['tdmc'],
    });
    expect(result).toEqual({ texts: ['⟪EN-US⟫ <g1>안녕</g1>', '⟪EN-US⟫ 둘'], billedCharacters: 11 + 1 });
    const req = fake.translateRequests[0]!;
    expect(req.params).toMatchObject({
      text: ['<g1>안녕</g1>', '둘'],
      source_lang: ['ko'],
      tag_handling: ['xml'],
      ignore_tags: ['tdmc'],
      context: ['제목'],
    });
    expect(req.headers['x-newsroom']).toBe('tandem');
  });

  it('when formality is asked for, then it is sent only to targets that support it', async () => {
    await provider.translate({ sourceLocale: 'ko', targetLocale: 'ja', texts: ['a'], formality: 'prefer_more' });
    await provider.translate({ sourceLocale: 'ko', targetLocale: 'en', texts: ['a'], formality: 'prefer_more' });
    expect(fake.translateRequests.map((r) => r.params.formality)).toEqual([['prefer_more'], undefined]);
  });

  it('when a text is empty, then nothing is sent and the caller is told', async () => {
    await expect(provider.translate({ sourceLocale: 'ko', targetLocale: 'en', texts: ['a', ''] })).rejects.toThrow(/empty text/);
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    [429, MtRateLimitError, true],
    [456, MtQuotaError, false],
    [403, MtAuthError, false],
    [500, MtError, true],
    [503, MtError, true],
  ] as const)('when DeepL answers %s, then one request is made and a %o (retryable: %s) is thrown', async (status, type, retryable) => {
    fake.failNext(status);
    const error = await provider.translate({ sourceLocale: 'ko', targetLocale: 'en', texts: ['a'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as MtError).retryable).toBe(retryable);
    expect(fake.requests).toHaveLength(1);
  });

  it('when a key is rejected, then the error says to check DEEPL_AUTH_KEY', async () => {
    const bad = new DeeplProvider({ authKey: 'bad:fx', serverUrl: fake.url });
    await expect(bad.usage()).rejects.toThrow(/DEEPL_AUTH_KEY/);
  });

  it('when the server hangs, then the call times out as a retryable error', async () => {
    fake.failNext('hang');
    const error = (await provider.translate({ sourceLocale: 'ko', targetLocale: 'en', texts: ['a'] }).catch((e: unknown) => e)) as MtError;
    expect(error).toMatchObject({ code: 'mt-timeout', retryable: true });
  });

  it('when the connection is dropped without an answer, then translations and glossary calls fail as retryable connection errors', async () => {
    fake.failNext('reset', 2);
    const translate = await provider.translate({ sourceLocale: 'ko', targetLocale: 'en', texts: ['a'] }).catch((e: unknown) => e);
    const list = await provider.capabilities.glossary!.list().catch((e: unknown) => e);
    for (const error of [translate, list]) expect(error).toMatchObject({ code: 'mt-connection', retryable: true });
    expect(fake.requests).toHaveLength(2);
  });

  it.each(['garbage', 'short'] as const)('when the answer is %s, then a non-retryable malformed-response error is thrown', async (kind) => {
    fake.failNext(kind);
    const error = (await provider
      .translate({ sourceLocale: 'ko', targetLocale: 'en', texts: ['a', 'b'] })
      .catch((e: unknown) => e)) as MtError;
    expect(error).toMatchObject({ code: 'mt-malformed', retryable: false });
  });

  it('when glossaries are created, listed and deleted, then the fake DeepL holds them', async () => {
    const glossary = provider.capabilities.glossary!;
    const info = await glossary.create('tandem ko-en abc', 'ko', 'en', { 장마당: 'jangmadang' });
    expect(await glossary.list()).toEqual([info]);
    expect([...fake.glossaries.get(info.id)!.entries]).toEqual([['장마당', 'jangmadang']]);
    await glossary.delete(info.id);
    await glossary.delete(info.id);
    expect(fake.glossaries.size).toBe(0);
  });

  it('when usage is asked for, then DeepL’s figures come back', async () => {
    await provider.translate({ sourceLocale: 'ko', targetLocale: 'en', texts: ['가나다'] });
    expect(await provider.usage()).toEqual({ characterCount: 3, characterLimit: 500000 });
  });
});

describe('provider registry', () => {
  it('when no key is set, then the none provider is chosen and translates nothing', async () => {
    const none = createMtProvider({ deepl: { authKey: undefined } });
    expect(none).toBeInstanceOf(NoneProvider);
    expect(none.enabled).toBe(false);
    await expect(none.translate({ sourceLocale: 'ko', targetLocale: 'en', texts: ['a'] })).rejects.toThrow(/DEEPL_AUTH_KEY/);
  });

  it('when deepl is asked for without a key, then building it fails saying what to set', () => {
    expect(() => createMtProvider({ deepl: { authKey: '' } }, 'deepl')).toThrow(ConfigError);
  });
});
