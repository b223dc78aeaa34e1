import { MtAuthError, MtError, MtQuotaError } from '../../core/errors.ts';
import type { Locale } from '../../core/locale.ts';
import { PLACEHOLDER_TAG } from '../../core/masking.ts';
import { auditRequest } from './audit-log.ts';
import { buildContext } from './context.ts';
import { formalityFor } from './draft-cache.ts';
import { applyMachineDrafts } from './drafts.ts';
import { type KeyedUnit, type Member, type MtRuntime, StopDraining } from './runtime.ts';

/** A member of a batch with the provider's answer for its text, masked as sent. */
export interface Answered {
  readonly member: Member;
  readonly raw: string;
}

/**
 * A slot among the requests a worker has in flight (MtRuntime's `concurrency`). A batch takes it right before the
 * provider is asked, after its texts are held and read, so holding them (a transaction and a lock that may wait for
 * another worker) overlaps the requests in flight instead of keeping a slot idle. A batch never waits for texts while
 * it has a slot: two workers could otherwise each wait inside a slot for texts the other holds while it waits for one.
 */
export interface RequestSlot {
  /** Wait for a slot; false when the drain stopped meanwhile and nothing may be sent (no slot is then held). */
  take(): Promise<boolean>;
  /** Let the slot go; nothing when none is held. */
  free(): void;
}

export type SendResult =
  | { ok: true; requests: number; characters: number; answered: Answered[] }
  | { ok: false; requests: number; characters: number; error: MtError }
  /** Nothing was sent: the drain stopped while the batch waited for a slot. */
  | { ok: false; requests: number; characters: number; error: null };

/** Thrown out of the answer store when a batch gets no slot: stores nothing and lets its texts go. */
class Withdrawn extends Error {}

const charactersOf = (units: readonly KeyedUnit[]) => units.reduce((n, [, u]) => n + [...u.masked].length, 0);

/**
 * Send one batch under the retry policy; resolves with each member's answer, for the caller to apply and remember
 * (worker.ts does both for a round's answers together: one write per article, not one per batch and locale, and
 * nothing but the provider's request while the batch holds one of the requests in flight). The texts go through the shared answer store
 * (MtAnswerStore.share): one that another worker answered meanwhile is not sent, one another worker is sending is
 * waited for, and what this worker receives is stored for every worker before its drafts are applied; a forced re-run
 * is sent whatever is stored. Resolves `ok: false` with the reason when the provider keeps failing or refuses the
 * request; throws StopDraining when the quota is spent (the provider is paused) or the key is rejected (marked
 * unauthorized). `requests` and `characters` count what actually left (characters as Unicode code points sent).
 * The batch takes `slot` once its texts are held and some are not answered, and frees it once the answers are
 * stored for every worker (before the ledger line is written: a worker killed from then on sends nothing of the batch
 * again, so a kill re-sends at most the batches holding a slot); when the provider gave up, the caller frees it.
 */
export async function sendBatch(
  rt: MtRuntime,
  sourceLocale: Locale,
  locale: Locale,
  units: readonly KeyedUnit[],
  glossaryId: string | undefined,
  slot: RequestSlot,
): Promise<SendResult> {
  const { provider, mt, logger } = rt.deps;
  const { capabilities } = provider;
  const formality = formalityFor(rt, locale);
  const refresh = new Set(units.filter(([, u]) => u.members.some((m) => m.item.force)).map(([key]) => key));
  let requests = 0;
  let characters = 0;
  // What is sent: nothing when other workers answered the whole batch meanwhile.
  let sent: readonly KeyedUnit[] = [];
  let billed: number | null = null;
  // An answered request whose ledger line is still to be written.
  let unaudited = false;
  const audited = () => ({ sourceLocale, targetLocale: locale, units: sent, characters: charactersOf(sent) });
  const attempt = async (attempt: number) => {
    const texts = sent.map(([, u]) => u.masked);
    const context = buildContext(rt, sent);
    requests++;
    characters += charactersOf(sent);
    try {
      const result = await provider.translate({
        sourceLocale,
        targetLocale: locale,
        texts,
        ...(capabilities.tagHandling === 'xml' ? { ignoreTags: [PLACEHOLDER_TAG] } : {}),
        ...(context ? { context } : {}),
        ...(glossaryId ? { glossaryId } : {}),
        ...(formality ? { formality } : {}),
      });
      if (result.texts.length !== texts.length || result.texts.some((t) => typeof t !== 'string')) {
        throw new MtError(`${provider.id}: malformed response: ${result.texts.length} translations for ${texts.length} texts`, {
          code: 'mt-malformed',
        });
      }
      billed = result.billedCharacters;
      unaudited = true;
      return new Map(sent.map(([key], i) => [key, result.texts[i]!]));
    } catch (caught) {
      const error = caught instanceof MtError ? caught : new MtError(`${provider.id}: ${(caught as Error).message}`, { cause: caught });
      await auditRequest(rt, audited(), null, error.code);
      logger?.warn({ provider: provider.id, code: error.code, status: error.status, attempt }, error.message);
      if (error instanceof MtQuotaError) {
        await mt.settings.setPause(provider.id, { provider: provider.id, reason: error.message, at: rt.now() });
        throw new StopDraining('paused');
      }
      if (error instanceof MtAuthError) {
        rt.unauthorized = error.message;
        throw new StopDraining('unauthorized');
      }
      throw error;
    }
  };
  // Called by the answer store with the texts nobody answered meanwhile, while it holds them: the retries run inside,
  // so a batch keeps its slot while it waits to retry (a failing provider is not asked by the batches behind it
  // meanwhile) and never waits for texts while it has one.
  const produce = async (missing: readonly string[]) => {
    if (!(await slot.take())) throw new Withdrawn();
    const wanted = new Set(missing);
    sent = units.filter(([key]) => wanted.has(key));
    return rt.retryingProvider(attempt);
  };
  try {
    const answers = await mt.answers.share(
      units.map(([key]) => key),
      produce,
      { at: rt.now(), refresh },
    );
    // Stored for every worker: a kill from here on re-sends nothing of this batch.
    slot.free();
    if (unaudited) await auditRequest(rt, audited(), billed, 'ok');
    unaudited = false;
    const received = units.flatMap(([key, unit]) => {
      const raw = answers.get(key);
      if (raw === undefined) throw new MtError(`${provider.id}: no answer stored for a text of the batch`, { code: 'mt-malformed' });
      return unit.members.map((member) => ({ member, raw }));
    });
    return { ok: true, requests, characters, answered: received };
  } catch (caught) {
    // The slot stays taken: the caller frees it once it settled the failure, so the batches behind it see the stop.
    if (caught instanceof Withdrawn) return { ok: false, requests, characters, error: null };
    if (caught instanceof StopDraining) throw caught;
    // The answer could not be stored (or was not complete): the request counts as failed in the ledger.
    const error = caught instanceof MtError ? caught : new MtError(`${provider.id}: ${(caught as Error).message}`, { cause: caught });
    if (unaudited) {
      await auditRequest(rt, audited(), null, error.code);
      logger?.warn({ provider: provider.id, code: error.code }, error.message);
    }
    return { ok: false, requests, characters, error };
  }
}

/** Apply answers to their members, articles in parallel, each article's drafts in one write when the sink can. */
export async function applyBySlug(rt: MtRuntime, list: readonly Answered[]): Promise<void> {
  const bySlug = new Map<string, Answered[]>();
  for (const entry of list) {
    const group = bySlug.get(entry.member.item.slug) ?? [];
    group.push(entry);
    bySlug.set(entry.member.item.slug, group);
  }
  await Promise.all([...bySlug.values()].map((group) => applyMachineDrafts(rt, group)));
}
