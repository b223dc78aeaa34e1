import { AppError, ConflictError, MtAuthError, MtError, MtQuotaError, NotFoundError, ValidationError } from '../core/errors.ts';
import { canonicalLocale, DEFAULT_SOURCE_LOCALE, DEFAULT_TARGET_LOCALES, type Locale } from '../core/locale.ts';
import { MAX_REQUEST_BYTES, MAX_TEXTS_PER_REQUEST, planBatches, truncateEncoded } from '../core/batching.ts';
import { maskPlain, maskTerms, PLACEHOLDER_TAG, unmaskTerms, type MaskTerm } from '../core/masking.ts';
import type { ArticleRecord, Segment, Translation } from '../core/model.ts';
import type { ArticleStore } from '../core/ports/article-store.ts';
import type { MtFormality, MtProvider } from '../core/ports/mt-provider.ts';
import type { MtAuditEntry, MtJob, MtQueueCounts, MtQueueItem, MtStore, NewMtQueueItem } from '../core/ports/mt-store.ts';
import { parseSlug, type Slug } from '../core/slug.ts';
import { termsForArticle } from './confidential.ts';
import { syncGlossary } from './glossary.ts';

/** What the MT service needs to apply drafts; `ReviewService` from services/review.ts fits. */
export interface DraftSink {
  /** Apply a machine draft, or keep it as a suggestion when someone edited the translation meanwhile. */
  applyMachineDraft(input: DraftRequest): Promise<{ readonly outcome: string }>;
  /** Apply a draft from an approved translation of the same source; `translation` is the row afterwards, when known. */
  applyMemoryDraft(input: DraftRequest): Promise<{ readonly outcome: string; readonly translation?: { readonly revision: number } }>;
  /** Optional: apply several machine drafts of one article in one write (same rule as `applyMachineDraft`). */
  applyMachineDrafts?(inputs: readonly DraftRequest[]): Promise<readonly { readonly outcome: string }[]>;
  /**
   * Approve a memory draft just applied at `revision`, unless it changed since or an error-level check fails; needed
   * when `autoApproveSameArticle` is on.
   */
  approveMemoryDraft?(input: AutoApproveRequest): Promise<{ readonly outcome: string }>;
}

export interface AutoApproveRequest {
  readonly slug: string;
  readonly segmentId: string;
  readonly locale: Locale;
  readonly text: string;
  readonly revision: number;
  readonly note: string;
}

/** An exact memory match: the approved translation and the article it was approved in (null when unknown, e.g. TMX). */
export interface ExactMatch {
  readonly target: string;
  readonly slug: string | null;
}

/** The history note of an automatic approval. */
export const AUTO_APPROVE_NOTE = 'auto-approved: 100% translation memory match from the same article';

export interface DraftRequest {
  readonly slug: string;
  readonly segmentId: string;
  readonly locale: Locale;
  readonly text: string;
  readonly expectedRevision: number;
  readonly sourceHash?: string;
}

export interface MtLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface MtRetryConfig {
  /** Tries per request, the first included. */
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface MtServiceDeps {
  /** The article store. */
  readonly store: ArticleStore;
  readonly mt: MtStore;
  readonly provider: MtProvider;
  readonly drafts: DraftSink;
  readonly sourceLocale?: Locale;
  readonly targetLocales?: readonly Locale[];
  /**
   * An approved translation of a source with this hash in this locale, or null. Matching segments are never sent:
   * their draft comes from memory. Defaults to a scan of the article store (translation memory replaces it).
   */
  readonly findApprovedTranslation?: (hash: string, locale: Locale) => Promise<string | null>;
  /**
   * Like `findApprovedTranslation`, but says which article the match was approved in; `slug` is the article being
   * translated (its own entries may be preferred). Used instead of `findApprovedTranslation` when given.
   */
  readonly findExactMatch?: (hash: string, locale: Locale, slug: string) => Promise<ExactMatch | null>;
  /**
   * Approve memory drafts whose exact match comes from the same article (TANDEM_AUTO_APPROVE_SAME_ARTICLE), when no
   * error-level check fails. Default false: memory drafts wait for a reviewer.
   */
  readonly autoApproveSameArticle?: boolean;
  /** Requests in flight at once. Default 2. */
  readonly concurrency?: number;
  readonly retry?: MtRetryConfig;
  /** Formality preference per target locale (sent only where the provider supports it). */
  readonly formality?: Readonly<Record<Locale, MtFormality>>;
  /** Queue new and changed segments after every import when a provider is configured. Default true. */
  readonly autoTranslate?: boolean;
  readonly logger?: MtLogger;
  readonly now?: () => Date;
}

export type MtState = 'off' | 'ready' | 'paused' | 'unauthorized';

/** What the CLI and the UI show about machine translation. */
export interface MtStatus {
  readonly provider: string;
  readonly state: MtState;
  /** One sentence for people: what is going on and what to do. */
  readonly message: string;
  readonly queue: MtQueueCounts;
}

export interface MtProgress {
  readonly done: number;
  readonly failed: number;
  readonly remaining: number;
}

export interface DrainSummary {
  readonly requests: number;
  readonly characters: number;
  readonly drafts: number;
  readonly memoryDrafts: number;
  readonly failed: number;
  /** Why draining stopped early (paused, unauthorized), when it did. */
  readonly stoppedBy: MtState | null;
}

export interface EnqueueInput {
  readonly locales?: readonly string[];
  /** Article slugs; all articles when absent. */
  readonly slugs?: readonly string[];
  readonly by: string;
  /** Only these segments (import hooks). */
  readonly segmentIds?: readonly string[];
}

export interface RetranslateInput {
  readonly slug: string;
  readonly segmentId: string;
  readonly locale: string;
  readonly by: string;
}

export interface RetranslateResult {
  readonly job: MtJob | null;
  /** Whether a new item went into the queue. */
  readonly queued: boolean;
  /** Why nothing was queued: machine translation is off, or the same re-run is still waiting in the queue. */
  readonly reason: 'off' | 'already-queued' | null;
}

/** Segments claimed per round; a round plans its batches over all of them, so requests are as full as they can be. */
const ROUND_SIZE = 5000;
/** Room kept in each request for the context and the other parameters. */
const CONTEXT_BYTES = 16 * 1024;
const PARAM_BYTES = 2 * 1024;

interface Member {
  readonly item: MtQueueItem;
  readonly segment: Segment;
  readonly record: ArticleRecord;
  readonly slots: readonly string[];
}

interface Unit {
  readonly locale: Locale;
  readonly masked: string;
  readonly members: Member[];
}

class StopDraining extends Error {
  constructor(readonly state: MtState) {
    super(state);
  }
}

/**
 * Machine drafts: a persistent queue of (segment, locale) items drained by a worker with bounded concurrency.
 * Batching (≤ 50 texts, < 128 KiB), masking of confidential terms, deduplication, memory matches, glossaries,
 * the retry policy and the audit log live here once; providers only speak to their service.
 */
export class MtService {
  readonly #deps: MtServiceDeps;
  #unauthorized: string | null = null;
  #draining: Promise<DrainSummary> | null = null;
  #wake: (() => void) | null = null;
  /** Raw provider answers by locale + glossary + masked text, so a source queued again later is not sent again. */
  readonly #answers = new Map<string, string>();
  #termsCache = new Map<string, MaskTerm[]>();

  constructor(deps: MtServiceDeps) {
    if (deps.autoApproveSameArticle && !deps.drafts.approveMemoryDraft) {
      throw new AppError('config', 'translate: autoApproveSameArticle needs a draft sink with approveMemoryDraft; pass the ReviewService as drafts');
    }
    this.#deps = deps;
  }

  get provider(): MtProvider {
    return this.#deps.provider;
  }

  /** Put items left in flight by a killed process back in the queue. Call once at start-up. */
  recover(): Promise<number> {
    return this.#deps.mt.queue.recover();
  }

  async status(): Promise<MtStatus> {
    const { provider } = this.#deps;
    const queue = await this.#deps.mt.queue.counts();
    if (!provider.enabled) {
      return { provider: provider.id, state: 'off', queue, message: 'Machine translation is off: set DEEPL_AUTH_KEY to turn it on. Segments wait for a human translator.' };
    }
    if (this.#unauthorized) {
      return { provider: provider.id, state: 'unauthorized', queue, message: `The ${provider.id} key was rejected: ${this.#unauthorized}. Fix DEEPL_AUTH_KEY and restart, or resume.` };
    }
    const pause = await this.#deps.mt.settings.pause(provider.id);
    if (pause) {
      return { provider: provider.id, state: 'paused', queue, message: `The ${provider.id} queue is paused since ${pause.at}: ${pause.reason}. Resume it once the quota allows (tandem translate --resume).` };
    }
    return { provider: provider.id, state: 'ready', queue, message: `Machine translation through ${provider.id} is on.` };
  }

  /**
   * Ask the provider for its usage once (start-up, status pages) so a rejected key shows up as `unauthorized`
   * with a clear message instead of failing later in the worker.
   */
  async verify(): Promise<MtStatus> {
    if (this.#deps.provider.enabled) {
      try {
        await this.#deps.provider.usage();
        this.#unauthorized = null;
      } catch (error) {
        if (error instanceof MtAuthError) this.#unauthorized = error.message;
        else this.#deps.logger?.warn({ err: error }, 'mt: could not reach the provider to check the key');
      }
    }
    return this.status();
  }

  /** Clear a quota pause or an unauthorized mark so the queue drains again. */
  async resume(): Promise<void> {
    this.#unauthorized = null;
    await this.#deps.mt.settings.setPause(this.#deps.provider.id, null);
    this.#wake?.();
  }

  /** Requeue failed items (all, or one job's). */
  async retryFailed(jobId?: string): Promise<number> {
    const n = await this.#deps.mt.queue.retryFailed(jobId);
    this.#wake?.();
    return n;
  }

  /**
   * Queue the untranslated and stale segments of some articles (or all) for the given locales (or every target locale).
   * Nothing is queued while machine translation is off.
   */
  async enqueue(input: EnqueueInput): Promise<{ job: MtJob | null; added: number; skipped: number }> {
    if (!this.#deps.provider.enabled) return { job: null, added: 0, skipped: 0 };
    const targets = this.#targets();
    const locales = input.locales?.length ? [...new Set(input.locales.map(canonicalLocale))] : targets;
    for (const l of locales) {
      if (!targets.includes(l)) throw new AppError('validation', `translate: ${l} is not a target locale here (${targets.join(', ')})`);
    }
    const slugs = input.slugs ? input.slugs.map(parseSlug) : (await this.#deps.store.list()).map((s) => s.slug);
    const items: NewMtQueueItem[] = [];
    const only = input.segmentIds ? new Set(input.segmentIds) : null;
    for (const slug of slugs) {
      const record = await this.#deps.store.get(slug);
      if (!record) throw new AppError('not-found', `translate: no article "${slug}"; import it first`);
      items.push(...itemsFor(record, locales, only));
    }
    const result = await this.#deps.mt.queue.enqueue({ createdBy: input.by, provider: this.#deps.provider.id, locales }, items);
    if (result.added > 0) this.#wake?.();
    return result;
  }

  /**
   * Queue one segment for a fresh machine draft whatever its state (someone asked for it again). The request goes to
   * the provider even when an approved translation of the same source exists or the answer is known from earlier in
   * this process. The draft replaces only a machine draft nobody touched; next to a person's text, or in review, it
   * arrives as a suggestion (`ReviewService.applyMachineDraft`).
   */
  async retranslate(input: RetranslateInput): Promise<RetranslateResult> {
    const targets = this.#targets();
    const locale = canonicalLocale(input.locale);
    if (!targets.includes(locale)) throw new ValidationError(`translate: ${locale} is not a target locale here (${targets.join(', ')})`);
    const slug = parseSlug(input.slug);
    const record = await this.#deps.store.get(slug);
    if (!record) throw new NotFoundError(`translate: no article "${slug}"; import it first`);
    const segment = record.segments.find((s) => s.id === input.segmentId && !s.removedAt);
    if (!segment) throw new NotFoundError(`translate: article "${slug}" has no segment ${input.segmentId}; reload the article`);
    if (segment.source.trim() === '') throw new ValidationError(`translate: segment ${segment.id} of "${slug}" has no source text to translate`);
    if (!this.#deps.provider.enabled) return { job: null, queued: false, reason: 'off' };
    const t = record.translations.find((x) => x.segmentId === segment.id && x.locale === locale);
    const item: NewMtQueueItem = { slug, segmentId: segment.id, locale, hash: segment.hash, expectedRevision: t?.revision ?? 0, force: true };
    const { job, added } = await this.#deps.mt.queue.enqueue({ createdBy: input.by, provider: this.#deps.provider.id, locales: [locale] }, [item]);
    if (added === 0) return { job, queued: false, reason: 'already-queued' };
    this.#wake?.();
    return { job, queued: true, reason: null };
  }

  /** The import hook: queue new and changed segments for every target locale (when MT is on and auto-translate is not off). */
  async afterImport(result: { readonly slug: string; readonly changedSegmentIds: readonly string[]; readonly addedSegmentIds: readonly string[] }, record: ArticleRecord): Promise<void> {
    if (this.#deps.autoTranslate === false) return;
    const ids = new Set([...result.changedSegmentIds, ...result.addedSegmentIds]);
    if (ids.size === 0) return;
    const items = itemsFor(record, this.#targets(), ids);
    if (!this.#deps.provider.enabled) {
      await this.#memoryDraftsOnly(items);
      return;
    }
    await this.#deps.mt.queue.enqueue({ createdBy: 'import', provider: this.#deps.provider.id, locales: this.#targets() }, items);
    this.#wake?.();
  }

  /** Progress of one job (or everything). */
  async progress(jobId?: string): Promise<MtProgress> {
    const c = await this.#deps.mt.queue.counts(jobId);
    return { done: c.done, failed: c.failed, remaining: c.queued + c.inFlight };
  }

  /**
   * Translate until the queue is empty, or until the provider is paused or unauthorized. One drain runs at a time;
   * a second caller waits for the running one and then drains what is left.
   */
  async drain(options: { onProgress?: () => void } = {}): Promise<DrainSummary> {
    while (this.#draining) await this.#draining.catch(() => undefined);
    const run = this.#drain(options.onProgress);
    this.#draining = run;
    try {
      return await run;
    } finally {
      this.#draining = null;
    }
  }

  /** Drain in the background whenever work is queued (and every `pollMs`), until `stop()`. */
  startWorker(options: { pollMs?: number } = {}): { stop(): Promise<void> } {
    let stopped = false;
    const pollMs = options.pollMs ?? 5000;
    const loop = (async () => {
      while (!stopped) {
        try {
          await this.drain();
        } catch (error) {
          this.#deps.logger?.warn({ err: error }, 'mt: worker round failed');
        }
        if (stopped) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wake = null;
      }
    })();
    return {
      stop: async () => {
        stopped = true;
        this.#wake?.();
        await loop;
      },
    };
  }

  /**
   * With machine translation off nothing is queued, but exact memory matches cost nothing: new and changed segments
   * still get their draft from memory (marked so), straight away.
   */
  async #memoryDraftsOnly(items: readonly NewMtQueueItem[]): Promise<void> {
    if (items.length === 0) return;
    const exact = await this.#exactLookup();
    for (const item of items) {
      const match = await exact(item.hash, item.locale, item.slug);
      if (match !== null) await this.#memoryDraft(item, match);
    }
  }

  /** The exact-match lookup: the richer one, the plain one (origin unknown), or one scan of the article store. */
  async #exactLookup(): Promise<ExactLookup> {
    const { findExactMatch, findApprovedTranslation } = this.#deps;
    if (findExactMatch) return findExactMatch;
    if (findApprovedTranslation) {
      return async (hash, locale) => {
        const target = await findApprovedTranslation(hash, locale);
        return target === null ? null : { target, slug: null };
      };
    }
    return scanExact(this.#deps.store);
  }

  /**
   * Apply a memory draft; with auto-approval on and the match from this very article, approve it too. Only a draft
   * that was actually applied is approved, never a person's text it was merely suggested beside.
   */
  async #memoryDraft(item: NewMtQueueItem, match: ExactMatch): Promise<void> {
    const { drafts } = this.#deps;
    const request: DraftRequest = { slug: item.slug, segmentId: item.segmentId, locale: item.locale, text: match.target, expectedRevision: item.expectedRevision, sourceHash: item.hash };
    const applied = await drafts.applyMemoryDraft(request);
    if (!this.#deps.autoApproveSameArticle || applied.outcome !== 'applied' || match.slug !== item.slug || !drafts.approveMemoryDraft) return;
    // An applied draft replaced the row at `expectedRevision` and bumped it once.
    const revision = applied.translation?.revision ?? item.expectedRevision + 1;
    try {
      const { outcome } = await drafts.approveMemoryDraft({ slug: item.slug, segmentId: item.segmentId, locale: item.locale, text: match.target, revision, note: AUTO_APPROVE_NOTE });
      this.#deps.logger?.info({ slug: item.slug, segmentId: item.segmentId, locale: item.locale, outcome }, 'mt: same-article memory match');
    } catch (error) {
      // A re-import removed the segment meanwhile: the draft stays as it is and the import queues what is new.
      if (!(error instanceof NotFoundError || error instanceof ConflictError)) throw error;
      this.#deps.logger?.warn({ err: error, slug: item.slug, segmentId: item.segmentId }, 'mt: memory draft not auto-approved');
    }
  }

  #targets(): Locale[] {
    return (this.#deps.targetLocales ?? DEFAULT_TARGET_LOCALES).map(canonicalLocale);
  }

  async #drain(onProgress?: () => void): Promise<DrainSummary> {
    const summary = { requests: 0, characters: 0, drafts: 0, memoryDrafts: 0, failed: 0, stoppedBy: null as MtState | null };
    const { provider } = this.#deps;
    if (!provider.enabled) return { ...summary, stoppedBy: 'off' };
    this.#termsCache = new Map();
    let approved: ExactLookup | null = null;
    for (;;) {
      const blocked = await this.#blocked();
      if (blocked) return { ...summary, stoppedBy: blocked };
      const items = await this.#deps.mt.queue.claim(ROUND_SIZE);
      if (items.length === 0) return summary;
      approved ??= await this.#exactLookup();
      const pending = new Set(items.map((i) => i.id));
      try {
        await this.#round(items, approved, pending, summary, onProgress);
      } catch (error) {
        await this.#deps.mt.queue.release([...pending]);
        if (error instanceof StopDraining) return { ...summary, stoppedBy: error.state };
        throw error;
      }
    }
  }

  async #blocked(): Promise<MtState | null> {
    if (this.#unauthorized) return 'unauthorized';
    return (await this.#deps.mt.settings.pause(this.#deps.provider.id)) ? 'paused' : null;
  }

  async #round(
    items: MtQueueItem[],
    approved: ExactLookup,
    pending: Set<string>,
    summary: { requests: number; characters: number; drafts: number; memoryDrafts: number; failed: number },
    onProgress?: () => void,
  ): Promise<void> {
    const { queue } = this.#deps.mt;
    const finish = async (ids: string[]) => {
      await queue.complete(ids);
      for (const id of ids) pending.delete(id);
      onProgress?.();
    };
    const records = new Map<string, ArticleRecord | null>();
    const units = new Map<string, Unit>();
    const obsolete: string[] = [];
    const glossaries = new Map<Locale, { id: string; hash: string } | null>();
    const sourceLocale = this.#deps.sourceLocale ?? DEFAULT_SOURCE_LOCALE;

    for (const item of items) {
      if (!records.has(item.slug)) records.set(item.slug, await this.#deps.store.get(item.slug));
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
      const memory = item.force ? null : await approved(segment.hash, item.locale, item.slug);
      if (memory !== null) {
        await this.#memoryDraft(item, memory);
        summary.memoryDrafts++;
        await finish([item.id]);
        continue;
      }
      const terms = await this.#terms(record);
      const { masked, slots } = maskTerms(segment.source, terms);
      if (!glossaries.has(item.locale)) glossaries.set(item.locale, await this.#glossary(sourceLocale, item.locale));
      const key = `${item.locale}\u0000${glossaries.get(item.locale)?.hash ?? ''}\u0000${masked}`;
      const member: Member = { item, segment, record, slots };
      const answer = item.force ? undefined : this.#answers.get(key);
      if (answer !== undefined) {
        await this.#apply(member, answer);
        summary.drafts++;
        await finish([item.id]);
        continue;
      }
      let unit = units.get(key);
      if (!unit) {
        unit = { locale: item.locale, masked, members: [] };
        units.set(key, unit);
      }
      unit.members.push(member);
    }
    if (obsolete.length) await finish(obsolete);

    const byLocale = new Map<Locale, [string, Unit][]>();
    for (const entry of units) {
      const list = byLocale.get(entry[1].locale) ?? [];
      list.push(entry);
      byLocale.set(entry[1].locale, list);
    }
    const batches: { locale: Locale; units: [string, Unit][] }[] = [];
    for (const [locale, list] of byLocale) {
      list.sort(([, a], [, b]) => compareMembers(a.members[0]!, b.members[0]!));
      for (const batch of planBatches(list, ([, u]) => u.masked, { maxTexts: MAX_TEXTS_PER_REQUEST, maxTextBytes: MAX_REQUEST_BYTES - CONTEXT_BYTES - PARAM_BYTES })) {
        batches.push({ locale, units: batch });
      }
    }

    const limit = Math.max(1, this.#deps.concurrency ?? 2);
    let next = 0;
    let stop: StopDraining | null = null;
    const lane = async () => {
      while (!stop && next < batches.length) {
        const batch = batches[next++]!;
        try {
          const sent = await this.#send(sourceLocale, batch.locale, batch.units, glossaries.get(batch.locale)?.id);
          summary.requests += sent.requests;
          summary.characters += sent.characters;
          if (sent.ok) summary.drafts += batch.units.reduce((n, [, u]) => n + u.members.length, 0);
          else summary.failed += batch.units.reduce((n, [, u]) => n + u.members.length, 0);
          const ids = batch.units.flatMap(([, u]) => u.members.map((m) => m.item.id));
          if (!sent.ok) {
            await queue.fail(ids, sent.error);
            for (const id of ids) pending.delete(id);
            onProgress?.();
          } else await finish(ids);
        } catch (error) {
          if (error instanceof StopDraining) stop = error;
          else throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, batches.length) }, lane));
    if (stop) throw stop;
  }

  /** Send one batch under the retry policy and apply its drafts. Throws StopDraining on 456 and 403. */
  async #send(
    sourceLocale: Locale,
    locale: Locale,
    units: [string, Unit][],
    glossaryId: string | undefined,
  ): Promise<{ ok: true; requests: number; characters: number } | { ok: false; requests: number; characters: number; error: string }> {
    const { provider, mt } = this.#deps;
    const texts = units.map(([, u]) => u.masked);
    const characters = texts.reduce((n, t) => n + [...t].length, 0);
    const context = this.#context(units);
    const formality = this.#deps.formality?.[locale];
    const request = {
      sourceLocale,
      targetLocale: locale,
      texts,
      ignoreTags: [PLACEHOLDER_TAG],
      ...(context ? { context } : {}),
      ...(glossaryId ? { glossaryId } : {}),
      ...(formality && provider.supportsFormality(locale) ? { formality } : {}),
    };
    const attempts = Math.max(1, this.#deps.retry?.attempts ?? 4);
    let requests = 0;
    for (let attempt = 1; ; attempt++) {
      requests++;
      try {
        const result = await provider.translate(request);
        if (result.texts.length !== texts.length || result.texts.some((t) => typeof t !== 'string')) {
          throw new MtError(`${provider.id}: malformed response: ${result.texts.length} translations for ${texts.length} texts`, { code: 'mt-malformed' });
        }
        await this.#audit(sourceLocale, locale, units, characters, result.billedCharacters, 'ok');
        const bySlug = new Map<string, { member: Member; raw: string }[]>();
        for (const [i, [key, unit]] of units.entries()) {
          const raw = result.texts[i]!;
          this.#answers.set(key, raw);
          for (const member of unit.members) {
            const list = bySlug.get(member.item.slug) ?? [];
            list.push({ member, raw });
            bySlug.set(member.item.slug, list);
          }
        }
        // Articles are written in parallel, each article's drafts in one write when the sink can.
        await Promise.all([...bySlug.values()].map((list) => this.#applyMany(list)));
        return { ok: true, requests, characters: characters * requests };
      } catch (caught) {
        const error = caught instanceof MtError ? caught : new MtError(`${provider.id}: ${(caught as Error).message}`, { cause: caught });
        await this.#audit(sourceLocale, locale, units, characters, null, error.code);
        this.#deps.logger?.warn({ provider: provider.id, code: error.code, status: error.status, attempt }, error.message);
        if (error instanceof MtQuotaError) {
          await mt.settings.setPause(provider.id, { provider: provider.id, reason: error.message, at: this.#now() });
          throw new StopDraining('paused');
        }
        if (error instanceof MtAuthError) {
          this.#unauthorized = error.message;
          throw new StopDraining('unauthorized');
        }
        if (!error.retryable || attempt >= attempts) {
          const why = error.retryable ? `gave up after ${attempt} tries: ${error.message}` : error.message;
          return { ok: false, requests, characters: characters * requests, error: why };
        }
        await sleep(this.#backoff(attempt));
      }
    }
  }

  async #apply(member: Member, raw: string): Promise<void> {
    await this.#applyMany([{ member, raw }]);
  }

  /** Unmask, check tags, apply (one write per article when the sink supports it) and flag bad drafts. */
  async #applyMany(list: readonly { member: Member; raw: string }[]): Promise<void> {
    const prepared = list.map(({ member, raw }) => {
      const { text, intact } = unmaskTerms(raw, member.slots);
      const { item } = member;
      const request: DraftRequest = { slug: item.slug, segmentId: item.segmentId, locale: item.locale, text, expectedRevision: item.expectedRevision, sourceHash: item.hash };
      return { item, text, request, tagsOk: sameTags(member.segment.source, text), intact };
    });
    const { drafts } = this.#deps;
    let outcomes: readonly { readonly outcome: string }[];
    if (drafts.applyMachineDrafts && prepared.length > 1) outcomes = await drafts.applyMachineDrafts(prepared.map((p) => p.request));
    else {
      const out: { outcome: string }[] = [];
      for (const p of prepared) out.push(await drafts.applyMachineDraft(p.request));
      outcomes = out;
    }
    for (const [i, p] of prepared.entries()) {
      if (p.intact && p.tagsOk) continue;
      this.#deps.logger?.warn({ slug: p.item.slug, segmentId: p.item.segmentId, locale: p.item.locale }, 'mt: draft tags do not match the source; flagged');
      if (outcomes[i]?.outcome === 'applied') await this.#flag(p.item, p.text, { tags: !p.tagsOk, placeholders: !p.intact });
    }
  }

  /** Mark a draft whose inline tags (or masked names) came back wrong, so nobody accepts it unseen. */
  async #flag(item: MtQueueItem, text: string, detail: Record<string, boolean>): Promise<void> {
    await this.#deps.store.update(item.slug, (record) => {
      if (!record) return null;
      let changed = false;
      const translations = record.translations.map((t): Translation => {
        if (t.segmentId !== item.segmentId || t.locale !== item.locale || t.text !== text) return t;
        changed = true;
        const others = (t.checks ?? []).filter((c) => c.checkId !== 'mt-tags');
        return { ...t, checks: [...others, { checkId: 'mt-tags', severity: 'error', detail: { ...detail, message: 'machine draft tags differ from the source' } }] };
      });
      return changed ? { ...record, translations } : null;
    });
  }

  /** The article titles and the paragraphs around the batch's segments, masked like the texts, within budget. */
  #context(units: [string, Unit][]): string {
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
    const allTerms: MaskTerm[] = [...this.#termsCache.values()].flat();
    for (const members of byArticle.values()) {
      const record = members[0]!.record;
      const live = record.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
      const title = record.article.frontMatter.title ?? live.find((s) => s.kind === 'title')?.source;
      if (title && !seen.has(title)) {
        seen.add(title);
        parts.push(plain(title));
      }
      for (const m of members) {
        const at = live.findIndex((s) => s.id === m.segment.id);
        for (const near of [live[at - 1], live[at + 1]]) {
          if (!near || inBatch.has(near.id) || seen.has(near.id)) continue;
          seen.add(near.id);
          parts.push(plain(near.source));
        }
      }
    }
    if (parts.length === 0) return '';
    return truncateEncoded(maskPlain(parts.join('\n'), allTerms), CONTEXT_BYTES);
  }

  async #terms(record: ArticleRecord): Promise<MaskTerm[]> {
    const cached = this.#termsCache.get(record.article.slug);
    if (cached) return cached;
    const terms = await termsForArticle({ settings: this.#deps.mt.settings }, record);
    this.#termsCache.set(record.article.slug, terms);
    return terms;
  }

  async #glossary(sourceLocale: Locale, locale: Locale): Promise<{ id: string; hash: string } | null> {
    const confidential = (await this.#deps.mt.settings.confidentialTerms(null)).map((t) => ({ term: t.term }));
    try {
      return await syncGlossary({ settings: this.#deps.mt.settings, provider: this.#deps.provider, confidential }, sourceLocale, locale);
    } catch (error) {
      if (error instanceof MtAuthError) {
        this.#unauthorized = error.message;
        throw new StopDraining('unauthorized');
      }
      if (error instanceof MtQuotaError) throw error;
      // A glossary that cannot be uploaded must not stop translation; the draft is simply made without it.
      this.#deps.logger?.warn({ err: error, locale }, 'mt: glossary upload failed; translating without it');
      return null;
    }
  }

  async #audit(sourceLocale: Locale, targetLocale: Locale, units: [string, Unit][], characters: number, billed: number | null, outcome: string): Promise<void> {
    const articles = new Map<Slug, { segmentIds: string[]; characters: number }>();
    const jobs = new Map<string, number>();
    for (const [, u] of units) {
      const chars = [...u.masked].length;
      const first = u.members[0]!;
      for (const m of u.members) {
        const a = articles.get(m.item.slug) ?? { segmentIds: [], characters: 0 };
        a.segmentIds.push(m.item.segmentId);
        if (m === first) a.characters += chars;
        articles.set(m.item.slug, a);
      }
      jobs.set(first.item.jobId, (jobs.get(first.item.jobId) ?? 0) + chars);
    }
    const entry: MtAuditEntry = {
      at: this.#now(),
      provider: this.#deps.provider.id,
      sourceLocale,
      targetLocale,
      articles: [...articles].map(([slug, a]) => ({ slug, ...a })),
      jobs: [...jobs].map(([jobId, c]) => ({ jobId, characters: c })),
      texts: units.length,
      characters,
      billedCharacters: billed,
      outcome,
    };
    await this.#deps.mt.ledger.append(entry);
    this.#deps.logger?.info({ provider: entry.provider, targetLocale, articles: entry.articles.map((a) => a.slug), texts: entry.texts, characters, outcome }, 'mt: request');
  }

  #backoff(attempt: number): number {
    const base = this.#deps.retry?.baseDelayMs ?? 1000;
    const max = this.#deps.retry?.maxDelayMs ?? 30_000;
    const delay = Math.min(max, base * 2 ** (attempt - 1));
    return delay * (0.8 + Math.random() * 0.4);
  }

  #now(): string {
    return (this.#deps.now?.() ?? new Date()).toISOString();
  }
}

/** Create the MT service; main.ts calls `recover()` once, wires `afterImport`, and starts `startWorker()` in the server. */
export function createMtService(deps: MtServiceDeps): MtService {
  return new MtService(deps);
}

type ApprovedLookup = (hash: string, locale: Locale) => Promise<string | null>;
type ExactLookup = (hash: string, locale: Locale, slug: string) => Promise<ExactMatch | null>;

/** Approved translations by source hash and locale, from one scan of the article store. */
export async function scanApproved(store: ArticleStore): Promise<ApprovedLookup> {
  const exact = await scanExact(store);
  return async (hash, locale) => (await exact(hash, locale, '\u0000'))?.target ?? null;
}

/** `scanApproved` with the article of each match; the article being translated has its own translations preferred. */
export async function scanExact(store: ArticleStore): Promise<ExactLookup> {
  const index = new Map<string, Map<string, string>>();
  for (const summary of await store.list()) {
    const record = await store.get(summary.slug);
    if (!record) continue;
    const hashes = new Map(record.segments.map((s) => [s.id, s.hash]));
    for (const t of record.translations) {
      const hash = hashes.get(t.segmentId);
      if (t.state !== 'approved' || !hash || !t.text) continue;
      const key = `${hash}\u0000${t.locale}`;
      const bySlug = index.get(key) ?? new Map<string, string>();
      // Re-inserted so the last article seen is the fallback for other articles, as before.
      bySlug.delete(record.article.slug);
      bySlug.set(record.article.slug, t.text);
      index.set(key, bySlug);
    }
  }
  return async (hash, locale, slug) => {
    const bySlug = index.get(`${hash}\u0000${locale}`);
    if (!bySlug) return null;
    const own = bySlug.get(slug);
    if (own !== undefined) return { target: own, slug };
    const last = [...bySlug].at(-1);
    return last ? { target: last[1], slug: last[0] } : null;
  };
}

function itemsFor(record: ArticleRecord, locales: readonly Locale[], only: ReadonlySet<string> | null): NewMtQueueItem[] {
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

function compareMembers(a: Member, b: Member): number {
  return a.item.slug < b.item.slug ? -1 : a.item.slug > b.item.slug ? 1 : a.segment.order - b.segment.order;
}

/** Inline tags as a sorted list, so moved tags pass and missing, extra or renamed ones fail. */
function tagList(text: string): string {
  return (text.match(/<\/?g\d+>|<x\d+\/>/g) ?? []).sort().join('');
}

export function sameTags(source: string, draft: string): boolean {
  return tagList(source) === tagList(draft) && !new RegExp(`<${PLACEHOLDER_TAG}\\b`).test(draft);
}

function plain(text: string): string {
  return text
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The MT parts main.ts builds and exposes on an open Tandem as `tandem.mt`. */
export interface MtParts {
  readonly service: MtService;
  readonly store: MtStore;
}

/** `tandem.mt`, or a ConfigError saying the composition root does not wire machine translation. */
export function requireMt(tandem: object): MtParts {
  const mt = (tandem as { mt?: MtParts }).mt;
  if (!mt) throw new AppError('config', 'mt: machine translation is not wired in main.ts (openTandem must build tandem.mt with createMtService)');
  return mt;
}
