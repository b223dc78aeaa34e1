import { maskPlain, maskTerms, unmaskTerms, type MaskResult, type MaskTerm, type UnmaskResult } from '../../core/masking.ts';
import type { ArticleRecord } from '../../core/model.ts';
import { termsForArticle } from '../confidential.ts';
import type { MtRuntime } from './runtime.ts';

// Confidential terms never reach a provider: sources and context are masked before sending, answers unmasked after.

/** The confidential terms of an article (confidential.ts `termsForArticle`), cached for the current drain. */
export async function termsFor(rt: MtRuntime, record: ArticleRecord): Promise<MaskTerm[]> {
  const cached = rt.termsCache.get(record.article.slug);
  if (cached) return cached;
  const terms = await termsForArticle(rt.deps.mt.settings, record);
  rt.termsCache.set(record.article.slug, terms);
  return terms;
}

/** A segment source with its confidential terms replaced by placeholders; `slots` puts them back. */
export function maskSource(source: string, terms: readonly MaskTerm[]): MaskResult {
  return maskTerms(source, terms);
}

/** Plain context text with every term seen in this drain masked. */
export function maskContext(rt: MtRuntime, text: string): string {
  return maskPlain(text, [...rt.termsCache.values()].flat());
}

/** The answer with its placeholders replaced by the terms; `intact` is false when a placeholder went missing. */
export function unmaskAnswer(raw: string, slots: readonly string[]): UnmaskResult {
  return unmaskTerms(raw, slots);
}
