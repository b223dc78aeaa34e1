import { truncateEncoded } from '../../core/batching.ts';
import type { MtCapabilities } from '../../core/ports/mt-provider.ts';
import { maskContext } from './masking.ts';
import type { KeyedUnit, Member, MtRuntime } from './runtime.ts';
import { plainText } from '../../core/segment-text.ts';

/**
 * Bytes of a request kept for the context: an eighth of the provider's request limit (16 KiB of 128 KiB), so a full
 * batch of texts still fits beside it.
 */
export function contextBudget(capabilities: MtCapabilities): number {
  return Math.floor(capabilities.batch.maxRequestBytes / 8);
}

/**
 * The article titles and the paragraphs around the batch's segments, as plain text, masked like the texts and cut to
 * `contextBudget` form-encoded bytes; '' when there is nothing around.
 */
export function buildContext(rt: MtRuntime, units: readonly KeyedUnit[]): string {
  const parts: string[] = [];
  const inBatch = new Set(units.flatMap(([, u]) => u.members.map((m) => m.segment.id)));
  const seen = new Set<string>();
  const byArticle = new Map<string, Member[]>();
  for (const [, u] of units) {
    const m = u.members[0]!;
    const list = byArticle.get(m.item.slug) ?? [];
    list.push(m);
    byArticle.set(m.item.slug, list);
  }
  for (const members of byArticle.values()) {
    const record = members[0]!.record;
    const live = record.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
    const title = record.article.frontMatter.title ?? live.find((s) => s.kind === 'title')?.source;
    if (title && !seen.has(title)) {
      seen.add(title);
      parts.push(plainText(title));
    }
    for (const m of members) {
      const at = live.findIndex((s) => s.id === m.segment.id);
      for (const near of [live[at - 1], live[at + 1]]) {
        if (!near || inBatch.has(near.id) || seen.has(near.id)) continue;
        seen.add(near.id);
        parts.push(plainText(near.source));
      }
    }
  }
  if (parts.length === 0) return '';
  return truncateEncoded(maskContext(rt, parts.join('\n')), contextBudget(rt.deps.provider.capabilities));
}
