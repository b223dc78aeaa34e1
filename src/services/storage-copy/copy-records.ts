import { ConflictError } from '../../core/errors.ts';
import type { MtQueueItem, NewMtQueueItem } from '../../core/ports/mt-store.ts';
import type { Storage } from '../../core/ports/storage-backend.ts';
import type { MemoryEntry, MemoryRecord } from '../../core/ports/translation-memory-store.ts';
import { type CopyProgress, fingerprint, KindTally, sameContent } from './report.ts';

/** Memory records looked up and written at a time. */
export const MEMORY_BATCH = 1_000;

/** MT items still waiting: what a copy moves (failed ones wait for a person, who queues them again). */
export const WAITING_STATES: ReadonlySet<MtQueueItem['state']> = new Set(['queued', 'in-flight', 'retrying']);

/**
 * Copy every account by id with its password hash, role, locales and times, so people log in with their old passwords.
 * A target account with the same name and another id (say the `admin` a first `tandem serve` created) is a conflict.
 */
export async function copyUsers(source: Storage, target: Storage): Promise<KindTally> {
  const tally = new KindTally('users');
  for (const user of await source.users.listUsers()) {
    tally.source += 1;
    const current = await target.users.getUser(user.id);
    if (current && sameContent(current, user)) {
      tally.present += 1;
      continue;
    }
    try {
      if (current) await target.users.updateUser(user.id, () => user);
      else await target.users.createUser(user);
      tally[current ? 'updated' : 'added'] += 1;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      tally.conflicts.push(`user "${user.name}": the database has another account of that name; left as it is`);
    }
  }
  return tally;
}

/** Copy every API token by id (only its hash is stored, so the secret clients hold keeps working), revoked ones too. */
export async function copyApiTokens(source: Storage, target: Storage): Promise<KindTally> {
  const tally = new KindTally('api-tokens');
  for (const token of await source.apiTokens.listTokens()) {
    tally.source += 1;
    const current = await target.apiTokens.getToken(token.id);
    if (current && sameContent(current, token)) tally.present += 1;
    else if (current) {
      await target.apiTokens.updateToken(token.id, () => token);
      tally.updated += 1;
    } else {
      await target.apiTokens.createToken(token);
      tally.added += 1;
    }
  }
  return tally;
}

/**
 * Copy the memory log in its order (entries, corrections and deletion tombstones), a batch at a time, adding only the
 * records whose id the target lacks; a record is immutable, so one already there counts as present.
 */
export async function copyMemory(source: Storage, target: Storage, onProgress: CopyProgress): Promise<KindTally> {
  const tally = new KindTally('translation-memory');
  const log = await source.translationMemory.all();
  for (let at = 0; at < log.length; at += MEMORY_BATCH) {
    const batch = log.slice(at, at + MEMORY_BATCH);
    const held = await target.translationMemory.stored(batch.map((r) => r.id));
    let run: MemoryEntry[] = [];
    const flush = async () => {
      await target.translationMemory.add(run);
      run = [];
    };
    for (const record of batch) {
      tally.source += 1;
      if (held.has(record.id)) {
        tally.present += 1;
        continue;
      }
      tally.added += 1;
      if (isTombstone(record)) {
        // A tombstone must follow the entry it deletes: write the entries before it first.
        await flush();
        await target.translationMemory.delete(record);
      } else run.push(record);
    }
    await flush();
    onProgress('translation-memory', Math.min(at + MEMORY_BATCH, log.length), log.length);
  }
  return tally;
}

function isTombstone(record: MemoryRecord): record is Extract<MemoryRecord, { kind: 'tombstone' }> {
  return 'kind' in record && record.kind === 'tombstone';
}

/** Copy every language pair's glossary with its details. */
export async function copyGlossaries(source: Storage, target: Storage): Promise<KindTally> {
  const tally = new KindTally('glossaries');
  for (const glossary of await source.mt.settings.glossaries()) {
    tally.source += 1;
    const current = await target.mt.settings.glossary(glossary.sourceLocale, glossary.targetLocale);
    if (current && sameContent(current, glossary)) tally.present += 1;
    else {
      await target.mt.settings.putGlossary(glossary);
      tally[current ? 'updated' : 'added'] += 1;
    }
  }
  return tally;
}

/**
 * Copy the MT audit ledger (usage is summed from it). Entries have no id, so they are compared as a multiset of
 * fingerprints: only the ones the target lacks are appended, in the source's order.
 */
export async function copyLedger(source: Storage, target: Storage): Promise<KindTally> {
  const tally = new KindTally('mt-ledger');
  const held = new Map<string, number>();
  for (const entry of await target.mt.ledger.entries()) {
    const key = fingerprint(entry);
    held.set(key, (held.get(key) ?? 0) + 1);
  }
  for (const entry of await source.mt.ledger.entries()) {
    tally.source += 1;
    const key = fingerprint(entry);
    const left = held.get(key) ?? 0;
    if (left > 0) {
      held.set(key, left - 1);
      tally.present += 1;
    } else {
      await target.mt.ledger.append(entry);
      tally.added += 1;
    }
  }
  return tally;
}

/**
 * Copy the small MT settings: the re-run budget an editor set, and per provider (`providers`, the registry's ids) its
 * pause and its provider-side glossaries (so unchanged glossaries are not uploaded again).
 */
export async function copyMtSettings(source: Storage, target: Storage, providers: readonly string[]): Promise<KindTally> {
  const tally = new KindTally('mt-settings');
  const from = source.mt.settings;
  const to = target.mt.settings;
  const settle = async <T>(wanted: T | null, current: T | null, write: (value: T) => Promise<void>) => {
    if (wanted === null) return;
    tally.source += 1;
    if (current !== null && sameContent(current, wanted)) tally.present += 1;
    else {
      await write(wanted);
      tally[current === null ? 'added' : 'updated'] += 1;
    }
  };
  await settle(await from.rerunBudget(), await to.rerunBudget(), (budget) => to.setRerunBudget(budget));
  const pairs = (await from.glossaries()).map((g) => [g.sourceLocale, g.targetLocale] as const);
  for (const provider of providers) {
    await settle(await from.pause(provider), await to.pause(provider), (pause) => to.setPause(provider, pause));
    for (const [sourceLocale, targetLocale] of pairs) {
      await settle(
        await from.remoteGlossary(provider, sourceLocale, targetLocale),
        await to.remoteGlossary(provider, sourceLocale, targetLocale),
        (remote) => to.putRemoteGlossary(remote),
      );
    }
  }
  return tally;
}

/** The key under which a queue holds one waiting item at most. */
export function queueKey(item: Pick<MtQueueItem, 'slug' | 'segmentId' | 'locale' | 'hash' | 'force'>): string {
  return JSON.stringify([item.slug, item.segmentId, item.locale, item.hash, item.force === true]);
}

/**
 * Queue again, under a job like the original's, every MT item still waiting (queued, in flight, retrying) that the
 * target does not already have waiting; failed items are skipped (a person queues them again with `tandem translate`).
 * Items get new ids: the queue makes its own.
 */
export async function copyQueue(source: Storage, target: Storage): Promise<KindTally> {
  const tally = new KindTally('mt-queue');
  const waiting = new Set((await target.mt.queue.items()).filter((i) => WAITING_STATES.has(i.state)).map(queueKey));
  const jobs = new Map((await source.mt.queue.jobs()).map((job) => [job.id, job]));
  const missing = new Map<string, NewMtQueueItem[]>();
  for (const item of await source.mt.queue.items()) {
    tally.source += 1;
    if (!WAITING_STATES.has(item.state)) tally.skipped += 1;
    else if (waiting.has(queueKey(item))) tally.present += 1;
    else {
      const { slug, segmentId, locale, hash, expectedRevision, force, requestedBy } = item;
      const list = missing.get(item.jobId) ?? [];
      list.push({ slug, segmentId, locale, hash, expectedRevision, ...(force ? { force } : {}), ...(requestedBy ? { requestedBy } : {}) });
      missing.set(item.jobId, list);
    }
  }
  for (const [jobId, items] of missing) {
    const job = jobs.get(jobId);
    const { added } = await target.mt.queue.enqueue(
      {
        createdBy: job?.createdBy ?? 'import-lowdb',
        provider: job?.provider ?? 'none',
        locales: job?.locales ?? [...new Set(items.map((i) => i.locale))],
      },
      items,
    );
    tally.added += added;
    tally.present += items.length - added;
  }
  return tally;
}
