import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeeplProvider } from '../../../src/adapters/mt/deepl.ts';
import { createMtProvider, MT_PROVIDERS } from '../../../src/adapters/mt/index.ts';
import { planBatches, truncateEncoded } from '../../../src/core/batching.ts';
import { MtAuthError, MtError, MtQuotaError, MtRateLimitError } from '../../../src/core/errors.ts';
import { inlineTagsCheck } from '../../../src/checks/inline-tags.ts';
import { maskTerms, PLACEHOLDER_TAG, unmaskTerms } from '../../../src/core/masking.ts';
import { MT_FORMALITIES, MT_TAG_HANDLINGS, type MtProvider, type MtRequest } from '../../../src/core/ports/mt-provider.ts';
import { textBudget } from '../../../src/services/mt/batch-plan.ts';
import { contextBudget } from '../../../src/services/mt/context.ts';
import { FakeDeepl, type FaultKind } from '../../fake-deepl/server.ts';

/** The failure classes every provider maps onto the MtError family (src/core/errors.ts). */
const FAILURES = [
  { kind: 'rate-limit', type: MtRateLimitError, code: 'mt-rate-limit', retryable: true },
  { kind: 'quota', type: MtQuotaError, code: 'mt-quota', retryable: false },
  { kind: 'auth', type: MtAuthError, code: 'mt-auth', retryable: false },
  { kind: 'server', type: MtError, code: 'mt', retryable: true },
  { kind: 'timeout', type: MtError, code: 'mt-timeout', retryable: true },
  { kind: 'malformed', type: MtError, code: 'mt-malformed', retryable: false },
] as const;
type FailureKind = (typeof FAILURES)[number]['kind'];

/** A provider under test with a way to watch its requests and make the next one fail. */
interface Harness {
  readonly provider: MtProvider;
  /** Texts and body bytes of every translate request sent so far. */
  sent(): { texts: number; bytes: number }[];
  /** Make the next request fail with this class of failure (providers that send requests). */
  fail(kind: FailureKind): void;
  close(): Promise<void>;
}

interface ProviderCase {
  readonly id: string;
  /** Whether the provider declares the optional glossary capability. */
  readonly glossary: boolean;
  start(): Promise<Harness>;
}

const DEEPL_FAULTS: Record<FailureKind, FaultKind> = {
  'rate-limit': 429,
  quota: 456,
  auth: 403,
  server: 503,
  timeout: 'hang',
  malformed: 'garbage',
};

const CASES: readonly ProviderCase[] = [
  {
    id: 'deepl',
    glossary: true,
    async start() {
      const fake = await FakeDeepl.start();
      return {
        provider: new DeeplProvider({ authKey: 'contract:fx', serverUrl: fake.url, timeoutMs: 2000 }),
        sent: () => fake.translateRequests.map((r) => ({ texts: r.params.text?.length ?? 0, bytes: Buffer.byteLength(r.body) })),
        fail: (kind) => fake.failNext(DEEPL_FAULTS[kind]),
        close: () => fake.close(),
      };
    },
  },
  {
    id: 'none',
    glossary: false,
    async start() {
      return {
        provider: createMtProvider({ deepl: { authKey: undefined } }),
        sent: () => [],
        fail: () => {
          throw new Error('the none provider sends nothing, so nothing can fail');
        },
        close: async () => undefined,
      };
    },
  },
];

const request = (texts: readonly string[], extra: Partial<MtRequest> = {}): MtRequest => ({
  sourceLocale: 'ko',
  targetLocale: 'en',
  texts,
  ...extra,
});

it('when a provider is registered, then it runs through the contract suite', () => {
  expect(CASES.map((c) => c.id).sort()).toEqual([...Object.keys(MT_PROVIDERS), 'none'].sort());
});

for (const providerCase of CASES) {
  describe(`MT provider contract: ${providerCase.id}`, () => {
    let h: Harness;
    beforeEach(async () => {
      h = await providerCase.start();
    });
    afterEach(async () => {
      await h.close();
    });

    it('when its capabilities are read, then they are well-formed data with a configuration hint', () => {
      const { id, capabilities } = h.provider;
      expect(id).toBe(providerCase.id);
      expect(capabilities.batch.maxTexts).toBeGreaterThanOrEqual(1);
      expect(capabilities.batch.maxRequestBytes).toBeGreaterThanOrEqual(1);
      expect(capabilities.timeoutMs).toBeGreaterThanOrEqual(0);
      expect(MT_TAG_HANDLINGS).toContain(capabilities.tagHandling);
      expect(capabilities.configHint.trim()).not.toBe('');
      for (const values of Object.values(capabilities.formality)) for (const v of values) expect(MT_FORMALITIES).toContain(v);
      for (const [from, to] of Object.entries(capabilities.languageMap)) {
        expect(from).toBe(from.toLowerCase());
        expect(to.trim()).not.toBe('');
      }
      expect(capabilities.glossary !== undefined).toBe(providerCase.glossary);
      if (capabilities.glossary) expect(Object.keys(capabilities.glossary).sort()).toEqual(['create', 'delete', 'list']);
    });

    if (providerCase.id === 'none') {
      it('when asked to translate, then it refuses with mt-off and says what to set, and has no usage or glossaries', async () => {
        const error = (await h.provider.translate(request(['하나'])).catch((e: unknown) => e)) as MtError;
        expect(error).toBeInstanceOf(MtError);
        expect(error).toMatchObject({ code: 'mt-off', retryable: false });
        expect(error.message).toContain(h.provider.capabilities.configHint);
        // The null provider built by the registry names what turns each registered provider on.
        for (const entry of Object.values(MT_PROVIDERS)) expect(h.provider.capabilities.configHint).toContain(entry.configHint);
        expect(h.provider.enabled).toBe(false);
        expect(await h.provider.usage()).toBeNull();
      });
      return;
    }

    it('when batches are planned within its declared limits, then every request is accepted and stays within them', async () => {
      const { capabilities } = h.provider;
      const long = '장마당의 쌀값이 다시 올랐다고 주민들이 전했다. '.repeat(12);
      const texts = [
        ...Array.from({ length: 70 }, (_, i) => `${i} ${long}`),
        ...Array.from({ length: 2 * capabilities.batch.maxTexts }, (_, i) => `짧은 문장 ${i}.`),
      ];
      const batches = planBatches(texts, (t) => t, { maxTexts: capabilities.batch.maxTexts, maxTextBytes: textBudget(capabilities) });
      expect(batches.length).toBeGreaterThan(2);
      const context = truncateEncoded(long.repeat(200), contextBudget(capabilities));
      for (const batch of batches) {
        const result = await h.provider.translate(request(batch, { context }));
        expect(result.texts).toHaveLength(batch.length);
      }
      const sent = h.sent();
      expect(sent.map((s) => s.texts)).toEqual(batches.map((b) => b.length));
      for (const s of sent) {
        expect(s.texts).toBeLessThanOrEqual(capabilities.batch.maxTexts);
        expect(s.bytes).toBeLessThanOrEqual(capabilities.batch.maxRequestBytes);
      }
    });

    it('when texts with inline tags and masking placeholders are sent, then answers come back in order with them intact', async () => {
      const sources = ['<g1>평양</g1>에서 온 소식.', '김철민 씨가 <x2/> 말했다.', '<g3>세 번째</g3> 문단에서 김철민 씨.'];
      const masked = sources.map((s) => maskTerms(s, [{ term: '김철민' }]));
      const ignoreTags = h.provider.capabilities.tagHandling === 'xml' ? [PLACEHOLDER_TAG] : [];
      const result = await h.provider.translate(
        request(
          masked.map((m) => m.masked),
          { ignoreTags },
        ),
      );
      expect(result.texts).toHaveLength(sources.length);
      for (const [i, answer] of result.texts.entries()) {
        const { text, intact } = unmaskTerms(answer, masked[i]!.slots);
        expect(intact).toBe(true);
        expect(inlineTagsCheck.run(sources[i]!, text, { sourceLocale: 'ko', targetLocale: 'en' })).toBeNull();
      }
      // Each answer carries the tags of its own source, so the order is the order of the texts.
      expect(result.texts[0]).toContain('<g1>');
      expect(result.texts[1]).toContain('<x2/>');
      expect(result.texts[2]).toContain('<g3>');
      expect(result.billedCharacters === null || result.billedCharacters >= 0).toBe(true);
    });

    it.each(FAILURES)(
      'when the service fails with $kind, then a $type.name with code $code (retryable: $retryable) is thrown',
      async (failure) => {
        h.fail(failure.kind);
        const error = (await h.provider.translate(request(['하나', '둘'])).catch((e: unknown) => e)) as MtError;
        expect(error).toBeInstanceOf(failure.type);
        expect(error).toMatchObject({ code: failure.code, retryable: failure.retryable });
        expect(error.message.startsWith(`${h.provider.id}: `)).toBe(true);
      },
    );

    if (providerCase.glossary) {
      it('when it has the glossary capability, then a glossary is created, listed and deleted (twice without error)', async () => {
        const glossary = h.provider.capabilities.glossary!;
        const info = await glossary.create('tandem ko-en contract', 'ko', 'en', { 장마당: 'jangmadang' });
        expect(await glossary.list()).toEqual([info]);
        await glossary.delete(info.id);
        await glossary.delete(info.id);
        expect(await glossary.list()).toEqual([]);
      });
    }
  });
}
