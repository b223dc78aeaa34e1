import { planBatches } from '../../core/batching.ts';
import type { Locale } from '../../core/locale.ts';
import type { ArticleRecord } from '../../core/model.ts';
import type { MtCapabilities } from '../../core/ports/mt-provider.ts';
import type { NewMtQueueItem } from '../../core/ports/mt-store.ts';
import { contextBudget } from './context.ts';
import type { KeyedUnit, Member, Unit } from './runtime.ts';

/**
 * Queue items one worker claims per round: enough for its share of the `concurrency` full requests in every target
 * locale (the provider's `maxTexts`, 50 for DeepL) among the `roundsAtOnce` rounds it runs together, and no more, so
 * that several workers on one queue each get a share of it instead of the first one taking everything, and its last
 * rounds are short. Copies of a text come along with it (the queue's claim), so it is still sent once (and
 * the answer store keeps it sent once across workers and rounds).
 */
export function roundSize(capabilities: MtCapabilities, concurrency: number, locales: number, roundsAtOnce = 1): number {
  const requests = Math.ceil(Math.max(1, concurrency) / Math.max(1, roundsAtOnce));
  return Math.max(1, capabilities.batch.maxTexts) * requests * Math.max(1, locales);
}

/** One request to plan: a target locale and the units it carries, in article and segment order. */
export interface PlannedBatch {
  readonly locale: Locale;
  readonly units: KeyedUnit[];
}

/**
 * Queue items for the live, non-empty segments of an article (only those in `only`, when given) in every locale whose
 * translation is missing, untranslated or stale; in segment order.
 */
export function itemsFor(record: ArticleRecord, locales: readonly Locale[], only: ReadonlySet<string> | null): NewMtQueueItem[] {
  const items: NewMtQueueItem[] = [];
  const live = record.segments.filter((s) => !s.removedAt && (!only || only.has(s.id)) && s.source.trim() !== '');
  for (const segment of live.sort((a, b) => a.order - b.order)) {
    for (const locale of locales) {
      const t = record.translations.find((x) => x.segmentId === segment.id && x.locale === locale);
      if (t && t.state !== 'untranslated' && t.state !== 'stale') continue;
      items.push({ slug: record.article.slug, segmentId: segment.id, locale, hash: segment.hash, expectedRevision: t?.revision ?? 0 });
    }
  }
  return items;
}

/** Add a member to the unit of its key, creating the unit for the first one. */
export function addMember(units: Map<string, Unit>, key: string, masked: string, member: Member): void {
  let unit = units.get(key);
  if (!unit) {
    unit = { locale: member.item.locale, masked, members: [] };
    units.set(key, unit);
  }
  unit.members.push(member);
}

/**
 * Group units by locale, order each group by article and segment, and cut it into requests within the provider's
 * declared limits (texts per request, and `textBudget` bytes).
 */
export function planRequests(units: ReadonlyMap<string, Unit>, capabilities: MtCapabilities): PlannedBatch[] {
  const byLocale = new Map<Locale, KeyedUnit[]>();
  for (const entry of units) {
    const list = byLocale.get(entry[1].locale) ?? [];
    list.push(entry);
    byLocale.set(entry[1].locale, list);
  }
  const { maxTexts } = capabilities.batch;
  const maxTextBytes = textBudget(capabilities);
  const batches: PlannedBatch[] = [];
  for (const [locale, list] of byLocale) {
    list.sort(([, a], [, b]) => compareMembers(a.members[0]!, b.members[0]!));
    for (const batch of planBatches(list, ([, u]) => u.masked, { maxTexts, maxTextBytes })) batches.push({ locale, units: batch });
  }
  return batches;
}

/**
 * Split a round's planned requests into those to send now and those to leave for the next round: when the round was
 * full (more items may wait), each locale's last request that is not full waits for the items behind it, so requests
 * stay full across rounds, as in one big round. Only while at least one request is sent, so every round progresses.
 */
export function deferPartial(
  batches: readonly PlannedBatch[],
  capabilities: MtCapabilities,
  roundWasFull: boolean,
): { readonly send: PlannedBatch[]; readonly deferred: PlannedBatch[] } {
  if (!roundWasFull) return { send: [...batches], deferred: [] };
  const last = new Map<Locale, PlannedBatch>();
  for (const batch of batches) last.set(batch.locale, batch);
  const deferred = [...last.values()].filter((b) => b.units.length < capabilities.batch.maxTexts);
  const send = batches.filter((b) => !deferred.includes(b));
  return send.length > 0 ? { send, deferred } : { send: [...batches], deferred: [] };
}

/**
 * Form-encoded bytes of a request left for its texts: the provider's limit less the context budget and a 64th for the
 * other parameters (2 KiB of 128 KiB).
 */
export function textBudget(capabilities: MtCapabilities): number {
  const { maxRequestBytes } = capabilities.batch;
  return maxRequestBytes - contextBudget(capabilities) - Math.floor(maxRequestBytes / 64);
}

function compareMembers(a: Member, b: Member): number {
  return a.item.slug < b.item.slug ? -1 : a.item.slug > b.item.slug ? 1 : a.segment.order - b.segment.order;
}
