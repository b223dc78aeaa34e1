import { Semaphore } from 'async-mutex';
import { DEFAULT_SOURCE_LOCALE, type Locale } from '../../core/locale.ts';
import type { ArticleRecord, Segment } from '../../core/model.ts';
import type { MtQueueItem } from '../../core/ports/mt-store.ts';
import { addMember, deferPartial, planRequests, type PlannedBatch, roundSize } from './batch-plan.ts';
import { answerKey, contextFingerprints, draftKey, rememberDrafts } from './draft-cache.ts';
import { applyMemoryDrafts, exactLookup, type ExactLookup, exactMatches, type MemoryHit } from './drafts.ts';
import { settleFailure } from './failures.ts';
import { glossaryForDrain, type PairGlossary } from './glossary-sync.ts';
import { maskSource, roundTerms } from './masking.ts';
import { type Member, type MtRuntime, StopDraining, type Unit } from './runtime.ts';
import { type Answered, applyBySlug, type RequestSlot, sendBatch } from './send-batch.ts';
import type { BlockedGlossary, DrainSummary, MtState } from './types.ts';

type Counters = {
  requests: number;
  characters: number;
  drafts: number;
  memoryDrafts: number;
  failed: number;
  retrying: number;
  blocked: number;
};

/**
 * Rounds a worker runs at once. While one round's requests are in flight, the next is claimed, its articles read and
 * its memory matches applied, so the provider's latency is not idle time (one round at a time did 340 items/s where
 * two requests in flight of 50 texts at 200 ms allow 500). Requests stay bounded by `concurrency` across the rounds.
 */
const ROUNDS_AT_ONCE = 2;

/** What one drain keeps across its rounds: each pair's glossary, and the items held back because it is blocked. */
interface DrainState {
  readonly glossaries: Map<Locale, PairGlossary>;
  /** Each pair's glossary while it is being synced, so rounds running at once sync it once. */
  readonly syncing: Map<Locale, Promise<PairGlossary>>;
  /**
   * Requests in flight, across the rounds running at once. A batch takes a slot once it holds its texts and lets it go
   * once its answers are stored for every worker (sendBatch's RequestSlot), so a kill re-sends at most the batches
   * holding a slot. Holding the texts, and the ledger line and bookkeeping after, run outside the slot, where they kept
   * the provider idle (a slot was held about 225 ms a batch for a 200 ms answer, 260 ms with two workers).
   */
  readonly requests: Semaphore;
  /**
   * Batches holding their texts (the answer store's keys, read) and waiting for a request slot: as many as the slots,
   * so the next requests are ready when slots free, without every batch of a round keeping a transaction open.
   */
  readonly readying: Semaphore;
  /** Why the drain stops early (the first round to find out tells the others; null: a round failed), or undefined. */
  stopped: MtState | null | undefined;
  /** In-flight items of blocked pairs, held until the drain ends so later rounds claim other work; then released. */
  readonly held: string[];
}

/**
 * Translate until the queue is empty, or until the provider is paused, unauthorized or cooling down after a request
 * gave up on a passing failure (its items then wait for their retry time, the round's unsent items go back to the
 * queue, and nothing is sent before the earliest retry): claim a round of due items, send what memory and answers
 * already received by any worker do not cover in batches, apply the drafts, and put the round's unfinished items back
 * when it stops early. Items of a pair whose glossary could not be uploaded are never sent without it: they go back
 * to the queue when the drain ends, and the summary names the pair and the provider's reason. Callers serialise
 * drains (MtService.drain).
 */
export async function drainQueue(rt: MtRuntime, onProgress?: () => void): Promise<DrainSummary> {
  const summary = {
    requests: 0,
    characters: 0,
    drafts: 0,
    memoryDrafts: 0,
    failed: 0,
    retrying: 0,
    blocked: 0,
    stoppedBy: null as MtState | null,
  };
  if (!rt.deps.provider.enabled) return { ...summary, stoppedBy: 'off', blockedGlossaries: [] };
  rt.termsCache = new Map();
  const state: DrainState = {
    glossaries: new Map(),
    syncing: new Map(),
    requests: new Semaphore(Math.max(1, rt.deps.concurrency ?? 2)),
    readying: new Semaphore(Math.max(1, rt.deps.concurrency ?? 2)),
    stopped: undefined,
    held: [],
  };
  const sourceLocale = rt.deps.sourceLocale ?? DEFAULT_SOURCE_LOCALE;
  const done = (stoppedBy: MtState | null): DrainSummary => {
    const blockedGlossaries: BlockedGlossary[] = [];
    for (const [targetLocale, g] of state.glossaries) {
      if ('blocked' in g) blockedGlossaries.push({ sourceLocale, targetLocale, reason: g.blocked, at: rt.now() });
    }
    return { ...summary, blocked: state.held.length, stoppedBy, blockedGlossaries };
  };
  let approved: Promise<ExactLookup> | null = null;
  const limit = roundSize(rt.deps.provider.capabilities, rt.deps.concurrency ?? 2, rt.targets().length, ROUNDS_AT_ONCE);
  // Rounds whose requests all have their slot: their answers and drafts are still to come while the next is claimed.
  const finishing: Promise<void>[] = [];
  const rounds = async (): Promise<void> => {
    let previous: Promise<void> | undefined;
    while (state.stopped === undefined) {
      // A worker asked to stop (SIGTERM) finishes its rounds and takes no more.
      if (rt.halted) return;
      const blocked = await blockedBy(rt);
      if (blocked) {
        state.stopped ??= blocked;
        return;
      }
      const items = await rt.deps.mt.queue.claim(limit, rt.now());
      // Empty for this round: another one running may still put items back (a partial request left to the next).
      if (items.length === 0) return;
      approved ??= exactLookup(rt);
      const pending = new Set(items.map((i) => i.id));
      let queued = () => {};
      const allQueued = new Promise<void>((resolve) => {
        queued = resolve;
      });
      const work = round(rt, items, items.length >= limit, await approved, pending, summary, state, queued, onProgress).catch(
        async (error: unknown) => {
          await rt.deps.mt.queue.release([...pending]);
          if (!(error instanceof StopDraining)) {
            state.stopped ??= null;
            throw error;
          }
          state.stopped ??= error.state;
        },
      );
      finishing.push(work);
      // The next round is claimed once this one's requests all have a slot (or it ended): the claim comes when this
      // worker can send more, not earlier, so workers sharing a queue share its last rounds. The round before this one
      // must be done by then, so rounds waiting to apply their drafts cannot pile up behind a slow store (their items'
      // leases run meanwhile): at most two a lane.
      await Promise.race([allQueued, work]);
      await previous?.catch(() => undefined);
      previous = work;
    }
  };
  try {
    const settled = await Promise.allSettled(Array.from({ length: ROUNDS_AT_ONCE }, rounds));
    settled.push(...(await Promise.allSettled(finishing)));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return done(state.stopped ?? null);
  } finally {
    // Not an attempt: nothing was sent for them.
    if (state.held.length) await rt.deps.mt.queue.release(state.held);
  }
}

/** Why nothing may be sent now (`unauthorized`, `paused`, `retrying` while cooling down), or null. */
export async function blockedBy(rt: MtRuntime): Promise<MtState | null> {
  if (rt.unauthorized) return 'unauthorized';
  if (await rt.deps.mt.settings.pause(rt.deps.provider.id)) return 'paused';
  if (rt.coolDownUntil !== null && rt.coolDownUntil > rt.now()) return 'retrying';
  rt.coolDownUntil = null;
  return null;
}

async function round(
  rt: MtRuntime,
  items: MtQueueItem[],
  full: boolean,
  approved: ExactLookup,
  pending: Set<string>,
  summary: Counters,
  state: DrainState,
  queued: () => void,
  onProgress?: () => void,
): Promise<void> {
  const { queue } = rt.deps.mt;
  // The jobs' tallies are stored before their items settle: whoever follows a job (any instance) sees its figures
  // complete once nothing of it remains.
  const tallied = () =>
    rt.tallies
      .flush(queue)
      .catch((error: unknown) => rt.deps.logger?.warn({ err: error }, 'mt: job figures not stored yet; kept for the next write'));
  const finish = async (ids: string[]) => {
    await tallied();
    await queue.complete(ids);
    for (const id of ids) pending.delete(id);
    onProgress?.();
  };
  const records = new Map<string, ArticleRecord | null>();
  const units = new Map<string, Unit>();
  const obsolete: string[] = [];
  const memoryHits: MemoryHit<MtQueueItem>[] = [];
  const { glossaries } = state;
  const sourceLocale = rt.deps.sourceLocale ?? DEFAULT_SOURCE_LOCALE;
  const contexts = new Map<string, Map<string, string>>();
  const termsOf = roundTerms(rt);

  const live: { item: MtQueueItem; record: ArticleRecord; segment: Segment }[] = [];
  // A round's articles (and below, their confidential terms) are read at once, not one after another: each read is a
  // round trip, and 25 of them in a row delayed a round's first request by 100 to 300 ms with two workers.
  const slugs = [...new Set(items.map((i) => i.slug))];
  const read = await Promise.all(slugs.map((slug) => rt.deps.store.get(slug)));
  for (const [i, slug] of slugs.entries()) records.set(slug, read[i] ?? null);
  for (const item of items) {
    const record = records.get(item.slug);
    const segment = record?.segments.find((s) => s.id === item.segmentId && !s.removedAt);
    const translation = record?.translations.find((t) => t.segmentId === item.segmentId && t.locale === item.locale);
    // Changed source (a re-import queued the new text), a human edit since queueing, or a draft already applied
    // before a crash: nothing to send. A forced re-run is still sent after an edit; its draft becomes a suggestion.
    const moved = (translation?.revision ?? 0) !== item.expectedRevision;
    if (!record || !segment || segment.hash !== item.hash || (moved && !item.force) || segment.source.trim() === '') {
      obsolete.push(item.id);
      continue;
    }
    live.push({ item, record, segment });
  }
  // Asked for the whole round at once: one round trip to a shared memory, not one per item.
  const asked = live.filter(({ item }) => !item.force);
  const found = await exactMatches(
    rt,
    approved,
    asked.map(({ item }) => ({ hash: item.hash, locale: item.locale, slug: item.slug })),
  );
  const matchOf = new Map(asked.map(({ item }, i) => [item.id, found[i] ?? null]));
  const toSend = live.filter(({ item }) => (matchOf.get(item.id) ?? null) === null);
  for (const { item } of toSend) {
    if (glossaries.has(item.locale) || state.syncing.has(item.locale)) continue;
    const syncing = glossaryForDrain(rt, sourceLocale, item.locale);
    // Awaited below; marked handled meanwhile, so a failure met first elsewhere does not also crash the process.
    syncing.catch(() => undefined);
    state.syncing.set(item.locale, syncing);
  }
  await Promise.all(toSend.map(({ record }) => termsOf(record)));
  for (const { item, record, segment } of live) {
    const memory = matchOf.get(item.id) ?? null;
    if (memory !== null) {
      memoryHits.push({ item, match: memory });
      continue;
    }
    if (!glossaries.has(item.locale)) glossaries.set(item.locale, await state.syncing.get(item.locale)!);
    const pair = glossaries.get(item.locale)!;
    if ('blocked' in pair) {
      state.held.push(item.id);
      pending.delete(item.id);
      continue;
    }
    const { masked, slots } = maskSource(segment.source, await termsOf(record));
    const glossaryHash = pair.glossary?.hash ?? null;
    const key = answerKey(rt, { sourceLocale, targetLocale: item.locale, glossaryHash, masked });
    if (!contexts.has(item.slug)) contexts.set(item.slug, contextFingerprints(record));
    const context = contexts.get(item.slug)!.get(segment.id) ?? '';
    const reuseKey = draftKey(rt, { sourceLocale, targetLocale: item.locale, glossaryHash, masked, context });
    addMember(units, key, masked, { item, segment, record, slots, reuseKey });
  }
  if (obsolete.length) await finish(obsolete);
  // Exact memory matches: one write per article, each draft with its check results.
  const { sharingCheckReads = (work) => work() } = rt.deps;
  if (memoryHits.length) {
    await sharingCheckReads(() => applyMemoryDrafts(rt, memoryHits));
    summary.memoryDrafts += memoryHits.length;
    rt.tallies.drafts(
      memoryHits.map(({ item }) => item),
      true,
    );
    await finish(memoryHits.map(({ item }) => item.id));
  }
  // The round's answers, applied together when its requests are done: an article's segments of every target locale in
  // one write, where applying each batch (one locale, a part of an article) wrote an article three to four times. The
  // answers are stored for every worker as they arrive (MtAnswerStore), so a worker dying before it applies them loses
  // no request: the items go back to the queue with their leases and their answers are reused.
  const answered: Answered[] = await takeKnownAnswers(rt, units);
  // What this round's requests brought (not the answers reused above): remembered for re-runs (draft-cache.ts).
  const received: Answered[] = [];
  if (answered.length) {
    summary.drafts += answered.length;
    rt.tallies.drafts(answered.map(({ member }) => member.item));
  }

  // A stop (quota, key) lets running requests finish but starts no new one.
  let stop: StopDraining | null = null;
  let failure: { error: unknown } | null = null;
  let waiting = 0;
  // Whether this round sends nothing more; a stop seen first by another round becomes this round's too.
  const withdrawn = () => {
    if (!stop && !failure && state.stopped) stop = new StopDraining(state.stopped);
    return stop !== null || failure !== null;
  };
  const run = async (batch: PlannedBatch) => {
    const [, leaveReadying] = await state.readying.acquire();
    let readying = true;
    // Past the readying stage (a slot taken, or nothing to send): when all of the round's batches are, the next round
    // may be claimed.
    const ready = () => {
      if (!readying) return;
      readying = false;
      leaveReadying();
      if (--waiting === 0) queued();
    };
    let free = () => {};
    const slot: RequestSlot = {
      take: async () => {
        const [, release] = await state.requests.acquire();
        ready();
        if (withdrawn()) {
          release();
          return false;
        }
        free = release;
        return true;
      },
      free: () => free(),
    };
    try {
      if (withdrawn()) return;
      const pair = glossaries.get(batch.locale);
      const glossaryId = pair && 'glossary' in pair ? pair.glossary?.id : undefined;
      const sent = await sendBatch(rt, sourceLocale, batch.locale, batch.units, glossaryId, slot);
      ready();
      summary.requests += sent.requests;
      summary.characters += sent.characters;
      rt.tallies.sent(batch.units, sent.requests, sent.characters);
      const members = batch.units.reduce((n, [, u]) => n + u.members.length, 0);
      if (sent.ok) {
        summary.drafts += members;
        rt.tallies.drafts(batch.units.flatMap(([, u]) => u.members.map((m) => m.item)));
        answered.push(...sent.answered);
        received.push(...sent.answered);
        return;
      }
      if (sent.error === null) return;
      const ids = batch.units.flatMap(([, u]) => u.members.map((m) => m.item.id));
      await tallied();
      const settled = await settleFailure(
        rt,
        batch.units.flatMap(([, u]) => u.members.map((m) => m.item)),
        sent.error,
        sent.requests,
      );
      summary.failed += settled.failed;
      summary.retrying += settled.retrying;
      for (const id of ids) pending.delete(id);
      onProgress?.();
      // A provider that keeps limiting or failing is not asked again by the batches behind this one.
      if (settled.retryAt !== null) {
        if (rt.coolDownUntil === null || settled.retryAt < rt.coolDownUntil) rt.coolDownUntil = settled.retryAt;
        stop ??= new StopDraining('retrying');
        state.stopped ??= 'retrying';
      }
    } catch (error) {
      if (error instanceof StopDraining) {
        stop = error;
        state.stopped ??= error.state;
      } else failure ??= { error };
    } finally {
      ready();
      free();
    }
  };
  const { send, deferred } = deferPartial(planRequests(units, rt.deps.provider.capabilities), rt.deps.provider.capabilities, full);
  // Not an attempt: nothing was sent for them; the next round (of this worker or another) takes them first.
  const later = deferred.flatMap((batch) => batch.units.flatMap(([, u]) => u.members.map((m) => m.item.id)));
  if (later.length) {
    await queue.release(later);
    for (const id of later) pending.delete(id);
  }
  waiting = send.length;
  if (waiting === 0) queued();
  await Promise.all(send.map(run));
  // Also when a batch failed or the provider stopped the round: what was answered is applied first.
  await rememberDrafts(
    rt,
    received.flatMap(({ member, raw }) => (member.reuseKey ? [{ key: member.reuseKey, text: raw }] : [])),
  );
  if (answered.length) {
    await sharingCheckReads(() => applyBySlug(rt, answered));
    await finish(answered.map(({ member }) => member.item.id));
  }
  if (failure) throw (failure as { error: unknown }).error;
  if (stop) throw stop;
}

/**
 * Answers any worker already received for the round's texts (MtAnswerStore), taken out of `units` with the members
 * they serve, so they are applied without a request and the requests stay full; forced re-runs stay to be sent.
 */
async function takeKnownAnswers(rt: MtRuntime, units: Map<string, Unit>): Promise<{ member: Member; raw: string }[]> {
  const known = await rt.deps.mt.answers.get([...units.keys()]);
  const reused: { member: Member; raw: string }[] = [];
  for (const [key, unit] of units) {
    const raw = known.get(key);
    if (raw === undefined) continue;
    for (const member of unit.members) if (!member.item.force) reused.push({ member, raw });
    const forced = unit.members.filter((m) => m.item.force);
    if (forced.length === 0) units.delete(key);
    else unit.members.splice(0, unit.members.length, ...forced);
  }
  return reused;
}
