import type { Locale } from '../../core/locale.ts';
import { acceptsFormality } from '../../core/mt-capabilities.ts';
import type { ArticleRecord, Segment } from '../../core/model.ts';
import type { MtFormality } from '../../core/ports/mt-provider.ts';
import type { MtCachedDraft } from '../../core/ports/mt-store.ts';
import { contentHash } from '../../core/text.ts';
import type { MtRuntime } from './runtime.ts';

// Re-running an unchanged segment with unchanged settings shortly after must not pay twice: every answer is kept
// under the hash of all that made it, and a re-run within `reuseWithinMs` takes it from there.

/** What a machine answer depends on, besides the provider. */
export interface DraftKeyInput {
  readonly sourceLocale: Locale;
  readonly targetLocale: Locale;
  /** Hash of the glossary entries sent with the request; null without a glossary. */
  readonly glossaryHash: string | null;
  /** The source as sent: confidential terms already masked. */
  readonly masked: string;
  /** The segment's surroundings (`contextFingerprints`). */
  readonly context: string;
}

/** The formality sent for a target locale: the configured one where the provider's capabilities accept it. */
export function formalityFor(rt: MtRuntime, locale: Locale): MtFormality | undefined {
  const formality = rt.deps.formality?.[locale];
  return formality && acceptsFormality(rt.deps.provider.capabilities, locale, formality) ? formality : undefined;
}

/** What both keys hash, in this order (stored keys depend on it): provider, language pair, glossary, formality, tags, text. */
function requestParts(rt: MtRuntime, input: Omit<DraftKeyInput, 'context'>): readonly unknown[] {
  const { provider } = rt.deps;
  return [
    provider.id,
    input.sourceLocale,
    input.targetLocale,
    input.glossaryHash ?? '',
    formalityFor(rt, input.targetLocale) ?? '',
    provider.capabilities.tagHandling,
    input.masked,
  ];
}

/** The reuse key of an answer: a hash of the provider, language pair, glossary version, formality, tag handling, text and context. */
export function draftKey(rt: MtRuntime, input: DraftKeyInput): string {
  return contentHash(JSON.stringify([...requestParts(rt, input), input.context]));
}

/**
 * The key under which every worker shares an answer (MtAnswerStore): a hash of the provider, language pair, glossary
 * version, formality, tag handling and masked text. The context is left out on purpose: one request carries one context
 * for all its texts, so an answer never belonged to one segment's surroundings, and a text is sent once per locale
 * wherever it appears. A glossary change changes the hash, so no answer made with the old entries is reused.
 */
export function answerKey(rt: MtRuntime, input: Omit<DraftKeyInput, 'context'>): string {
  return contentHash(JSON.stringify(['answer', ...requestParts(rt, input)]));
}

/** How long a shared answer is kept (30 days): a text met again later is still sent once; older ones ask anew. */
export const ANSWER_KEEP_MS = 30 * 24 * 3_600_000;

/** Forget shared answers older than ANSWER_KEEP_MS; call at start-up. Resolves with how many. */
export function pruneAnswers(rt: MtRuntime): Promise<number> {
  return rt.deps.mt.answers.prune(new Date(Date.parse(rt.now()) - ANSWER_KEEP_MS).toISOString());
}

/**
 * The context a request gives each live segment of an article, reduced to a hash: the article title and the source
 * hashes of the paragraphs before and after it (what `buildContext` sends). Editing a neighbour changes it.
 */
export function contextFingerprints(record: ArticleRecord): Map<string, string> {
  const live = record.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
  const titleValue = record.article.frontMatter.title;
  const title = typeof titleValue === 'string' ? titleValue : (live.find((s) => s.kind === 'title')?.source ?? '');
  const out = new Map<string, string>();
  live.forEach((segment: Segment, i) => {
    out.set(segment.id, contentHash(JSON.stringify([title, live[i - 1]?.hash ?? '', live[i + 1]?.hash ?? ''])).slice(0, 32));
  });
  return out;
}

/** The answer kept under `key` if it is recent enough to reuse, else null (also when reuse is off). */
export async function reusableDraft(rt: MtRuntime, key: string): Promise<MtCachedDraft | null> {
  const within = rt.reuseWithinMs();
  if (within <= 0) return null;
  const found = await rt.deps.mt.drafts.get(key);
  if (!found) return null;
  const age = Date.parse(rt.now()) - Date.parse(found.at);
  return age <= within ? found : null;
}

/** Keep answers for reuse (nothing when reuse is off); one key, one answer. */
export async function rememberDrafts(rt: MtRuntime, drafts: readonly { readonly key: string; readonly text: string }[]): Promise<void> {
  if (rt.reuseWithinMs() <= 0 || drafts.length === 0) return;
  const at = rt.now();
  const byKey = new Map(drafts.map((d) => [d.key, { key: d.key, text: d.text, at }]));
  await rt.deps.mt.drafts.put([...byKey.values()]);
}

/** Forget answers too old to reuse; call at start-up. Resolves with how many. */
export function pruneDrafts(rt: MtRuntime): Promise<number> {
  const within = rt.reuseWithinMs();
  const before = new Date(Date.parse(rt.now()) - Math.max(0, within)).toISOString();
  return rt.deps.mt.drafts.prune(before);
}
