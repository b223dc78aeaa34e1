import { maskPlain, maskTerms, unmaskTerms, type MaskResult, type MaskTerm, type UnmaskResult } from '../../core/masking.ts';
import type { ArticleRecord } from '../../core/model.ts';
import type { ConfidentialTermRecord, MtSettingsStore } from '../../core/ports/mt-store.ts';
import { termsForArticle } from '../confidential.ts';
import type { MtRuntime } from './runtime.ts';

// Confidential terms never reach a provider: sources and context are masked before sending, answers unmasked after.

/**
 * The confidential terms of each article of one round (confidential.ts `termsForArticle`): the global list read once
 * for the round, each article's list once. Read again every round, so a name added during a long drain is masked
 * from the next round on; each article's terms are also kept in `rt.termsCache` for masking context (maskContext).
 */
export function roundTerms(rt: MtRuntime): (record: ArticleRecord) => Promise<MaskTerm[]> {
  const { settings } = rt.deps.mt;
  let global: Promise<ConfidentialTermRecord[]> | undefined;
  const once: Pick<MtSettingsStore, 'confidentialTerms'> = {
    confidentialTerms: (slug) => (slug === null ? (global ??= settings.confidentialTerms(null)) : settings.confidentialTerms(slug)),
  };
  const bySlug = new Map<string, Promise<MaskTerm[]>>();
  return (record) => {
    const { slug } = record.article;
    if (!bySlug.has(slug)) {
      const read = termsForArticle(once, record);
      bySlug.set(slug, read);
      void read.then(
        (terms) => rt.termsCache.set(slug, terms),
        () => undefined,
      );
    }
    return bySlug.get(slug)!;
  };
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
