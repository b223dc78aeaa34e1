import { AsyncLocalStorage } from 'node:async_hooks';
import {
  checkStatuses,
  checksCurrent,
  countStatuses,
  decisionBasis,
  type CheckResultWithStatus,
  type CheckStatusCounts,
} from '../core/check-decisions.ts';
import { AppError, NotFoundError } from '../core/errors.ts';
import { findTerms } from '../core/glossary-match.ts';
import type { MaskTerm } from '../core/masking.ts';
import { glossaryEntries } from './glossary-record.ts';
import { canonicalLocale, type Locale } from '../core/locale.ts';
import type { ArticleRecord, CheckResult, Segment, Translation } from '../core/model.ts';
import type { ArticleStore } from '../core/ports/article-store.ts';
import type { Check, CheckContext, ChecksOff, CheckTranslate, GlossaryTerm } from '../core/ports/check.ts';
import type { MtSettingsStore } from '../core/ports/mt-store.ts';
import { plainText, stripIgnorables } from '../core/segment-text.ts';
import { parseSlug } from '../core/slug.ts';
import { contentHash } from '../core/text.ts';
import { assertChecksOff, enabledChecks, NO_CHECKS_OFF } from './check-catalogue.ts';
import { checkResultText } from './check-text.ts';
import { carriedTagTexts } from '../core/tag-attributes.ts';
import { termsForArticle } from './confidential.ts';
import type { CheckSelection, TranslationChecker } from './types.ts';

/** The glossary entries of a stored glossary record as checks take them. */
export { glossaryEntries as glossaryTerms } from './glossary-record.ts';
export { assertApprovable, type CheckOverride, hasOpenErrors, openErrorBlockers } from './check-gates.ts';

export interface CheckServiceDeps {
  readonly store: ArticleStore;
  /** The check registry (src/checks/index.ts `CHECKS`), passed in by main.ts. */
  readonly checks: readonly Check[];
  /** Checks switched off by configuration (TANDEM_CHECKS_OFF); default none. Unknown ids are refused. */
  readonly off?: ChecksOff;
  /** Where glossaries and confidential terms live (the MT settings store); without it those checks see none. */
  readonly settings?: Pick<MtSettingsStore, 'glossary' | 'confidentialTerms'>;
  /** Hangul strings allowed in non-Korean translations (a newspaper's own name…). */
  readonly allowedHangul?: readonly string[];
}

export interface SegmentCheckReport {
  readonly segmentId: string;
  readonly order: number;
  readonly source: string;
  readonly target: string;
  readonly state: Translation['state'];
  /** Every failing check, each with its status (see `checkStatuses`). */
  readonly results: readonly CheckResultWithStatus[];
}

export interface ArticleCheckReport extends CheckStatusCounts {
  readonly slug: string;
  readonly locale: Locale;
  /** Only segments with a translation text; those without one are not checked. */
  readonly segments: readonly SegmentCheckReport[];
}

/** The glossary terms found in a segment's source text (tags left out), each once, in the order matching finds them. */
export function glossaryHits(source: string, glossary: readonly GlossaryTerm[]): GlossaryTerm[] {
  const plain = plainText(source);
  const seen = new Set<number>();
  const out: GlossaryTerm[] = [];
  for (const m of findTerms(
    plain,
    glossary.map((t) => ({ term: t.source, caseSensitive: t.caseSensitive })),
  )) {
    if (seen.has(m.index)) continue;
    seen.add(m.index);
    out.push(glossary[m.index]!);
  }
  return out;
}

/**
 * Run every check on a pair; returns the failures only, in registry order. A check that throws is a bug, reported as
 * one. Checks see both texts without ignorable code points (segment-text.ts `stripIgnorables`): an invisible character
 * never changes what a text means, so a zero-width space after `했다.` is no missing full stop, and no check needs to
 * know about such characters itself.
 */
export function runChecks(checks: readonly Check[], source: string, target: string, ctx: CheckContext): CheckResult[] {
  const results: CheckResult[] = [];
  const visibleSource = stripIgnorables(source);
  const visibleTarget = stripIgnorables(target);
  for (const check of checks) {
    let detail: ReturnType<typeof check.run> | { crashed: string };
    try {
      detail = check.run(visibleSource, visibleTarget, ctx);
    } catch (error) {
      detail = { crashed: error instanceof Error ? error.message : String(error) };
    }
    if (detail) results.push({ checkId: check.id, severity: check.severity, detail });
  }
  return results;
}

export { CHECK_STATUSES, checkStatuses, countStatuses } from '../core/check-decisions.ts';
export type { CheckResultWithStatus, CheckStatus, CheckStatusCounts } from '../core/check-decisions.ts';

/** Runs quality checks for translations and stores the results with them, in the write that changes the text. */
export class CheckService implements TranslationChecker {
  readonly #deps: CheckServiceDeps;
  /** The reads of the `sharingReads` scope running, by kind and key. */
  readonly #shared = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

  /** Throws a ConfigError when `deps.off` names a check the registry does not have. */
  constructor(deps: CheckServiceDeps) {
    assertChecksOff(deps.checks, deps.off ?? NO_CHECKS_OFF);
    this.#deps = deps;
  }

  /** Every check of the registry, switched off or not (stored results of any of them can be described). */
  get registry(): readonly Check[] {
    return this.#deps.checks;
  }

  /** The checks that run for a target locale: the registry minus those configuration switched off for it. */
  enabledChecks(locale: Locale): readonly Check[] {
    return enabledChecks(this.#deps.checks, this.#deps.off ?? NO_CHECKS_OFF, locale);
  }

  /** A stored result as "Name: sentence" in the language of `t` (check-text.ts `checkResultText`). */
  describe(result: CheckResult, t: CheckTranslate): string {
    return checkResultText(result, this.#deps.checks, t);
  }

  /**
   * The context checks of one article and target locale get: glossary of the pair, the article's confidential terms
   * (confidential.ts `termsForArticle`: global, front matter and the article's list), allowed Hangul.
   */
  async contextFor(record: ArticleRecord, targetLocale: Locale): Promise<CheckContext> {
    return this.#contextWith(record, targetLocale, this.#termsOf(record));
  }

  /**
   * Run `work` with what the checks read besides the texts (each pair's glossary, each list of confidential terms)
   * read once for every record `work` checks, not once per record and locale: for writes that happen together, as an
   * MT round applying its drafts to many articles (three reads an article before). The checks inside see the glossary
   * and terms as they were when `work` first read them; a change made meanwhile counts from the next write on.
   */
  sharingReads<T>(work: () => Promise<T>): Promise<T> {
    return this.#shared.run(new Map(), work);
  }

  /** The settings store, through the reads of the current `sharingReads` scope when there is one. */
  #settings(): CheckServiceDeps['settings'] {
    const settings = this.#deps.settings;
    const memo = this.#shared.getStore();
    if (!settings || !memo) return settings;
    const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
      if (!memo.has(key)) memo.set(key, read());
      return memo.get(key) as Promise<T>;
    };
    return {
      glossary: (sourceLocale, targetLocale) =>
        once(`glossary ${sourceLocale} ${targetLocale}`, () => settings.glossary(sourceLocale, targetLocale)),
      confidentialTerms: (slug) => once(`terms ${slug ?? ''}`, () => settings.confidentialTerms(slug)),
    };
  }

  /** The article's confidential terms; front-matter terms count even without a settings store (they travel with it). */
  #termsOf(record: ArticleRecord): Promise<MaskTerm[]> {
    const noTerms: Pick<MtSettingsStore, 'confidentialTerms'> = { confidentialTerms: async () => [] };
    return termsForArticle(this.#settings() ?? noTerms, record);
  }

  async #contextWith(record: ArticleRecord, targetLocale: Locale, terms: Promise<MaskTerm[]>): Promise<CheckContext> {
    const sourceLocale = record.article.sourceLocale;
    const settings = this.#settings();
    const [glossary, confidential] = await Promise.all([settings ? settings.glossary(sourceLocale, targetLocale) : null, terms]);
    return {
      sourceLocale,
      targetLocale,
      glossary: glossaryEntries(glossary),
      confidential,
      allowedHangul: this.#deps.allowedHangul ?? [],
    };
  }

  /**
   * Failures of one segment's translation text (not stored), by the checks enabled for the context's target locale.
   * The checks also see the segment's carried text (CheckContext.carried: tag attributes the translation keeps from
   * the source), so a name in an inline image's title counts as a leak of this translation.
   */
  check(segment: Segment, text: string, ctx: CheckContext): CheckResult[] {
    const carried = carriedTagTexts(segment.tags);
    return runChecks(this.enabledChecks(ctx.targetLocale), segment.source, text, carried.length > 0 ? { ...ctx, carried } : ctx);
  }

  /**
   * Run the checks for one translation again and store the results with it (one write). Returns the results; none
   * when there is no such segment or translation. NotFoundError when there is no such article.
   */
  async checkTranslation(slug: string, segmentId: string, locale: Locale): Promise<CheckResult[]> {
    const target = canonicalLocale(locale);
    const which: CheckSelection = (t) => t.segmentId === segmentId && t.locale === target;
    const stored = await this.#rewrite(slug, which);
    return [...(stored.translations.find(which)?.checks ?? [])];
  }

  /** See `TranslationChecker.withChecks` (services/types.ts): the one place results are computed for storing. */
  async withChecks(record: ArticleRecord, which: CheckSelection, options: { readonly force?: boolean } = {}): Promise<ArticleRecord> {
    return this.#recheck(record, which, options.force ? 'all' : 'text');
  }

  /**
   * `record` with fresh results on the selected translations that need them: `all` of them, those whose results were
   * not run on their `text` and source, or (`context`) also those run with another context (glossary, terms, allowed
   * Hangul, checks switched off: contextKey). Each is stamped in `checkedFor`; the same object when nothing changed.
   */
  async #recheck(record: ArticleRecord, which: CheckSelection, stale: 'all' | 'text' | 'context'): Promise<ArticleRecord> {
    const live = new Map(record.segments.filter((s) => !s.removedAt).map((s) => [s.id, s]));
    const contexts = new Map<Locale, { ctx: CheckContext; key: string }>();
    // The article's terms are the same in every locale: read once per record, not once per locale.
    let terms: Promise<MaskTerm[]> | undefined;
    let translations: Translation[] | null = null;
    for (const [i, t] of record.translations.entries()) {
      const segment = live.get(t.segmentId);
      if (!segment || t.text === '' || !which(t)) continue;
      const current = checksCurrent(t, segment.hash);
      if (stale === 'text' && current) continue;
      let context = contexts.get(t.locale);
      if (!context) {
        const ctx = await this.#contextWith(record, t.locale, (terms ??= this.#termsOf(record)));
        contexts.set(t.locale, (context = { ctx, key: this.contextKey(ctx) }));
      }
      const sameContext = t.checkedFor?.context === context.key;
      if (stale === 'context' && current && sameContext) continue;
      const results = this.check(segment, t.text, context.ctx);
      if (current && sameContext && JSON.stringify(t.checks ?? []) === JSON.stringify(results)) continue;
      translations ??= [...record.translations];
      translations[i] = { ...t, checks: results, checkedFor: { ...decisionBasis(t.text, segment.hash), context: context.key } };
    }
    return translations ? { ...record, translations } : record;
  }

  /**
   * A short fingerprint (`contentHash`) of what checks read besides the texts in `ctx`: glossary, confidential terms,
   * allowed Hangul and the checks enabled for its target locale. Equal keys give equal results for equal texts.
   */
  contextKey(ctx: CheckContext): string {
    const enabled = this.enabledChecks(ctx.targetLocale).map((c) => c.id);
    return contentHash(JSON.stringify([ctx.sourceLocale, ctx.glossary ?? [], ctx.confidential ?? [], ctx.allowedHangul ?? [], enabled]));
  }

  /**
   * Fresh results for every translated segment of an article in one locale, each with its status (`tandem check`,
   * the publish gate); the counts are over all of them. NotFoundError when there is no such article.
   */
  async checkArticle(slug: string, locale: Locale): Promise<ArticleCheckReport> {
    const target = canonicalLocale(locale);
    const fresh = await this.#fresh(slug, target);
    const segments: SegmentCheckReport[] = fresh.map(({ segment, translation, results }) => ({
      segmentId: segment.id,
      order: segment.order,
      source: segment.source,
      target: translation.text,
      state: translation.state,
      results: checkStatuses(translation, segment, results),
    }));
    return { slug, locale: target, ...countStatuses(segments.flatMap((s) => s.results)), segments };
  }

  /**
   * Run the checks again for every translated segment of an article in one locale and store the results that changed,
   * in one write. Results go stale when what checks read besides the texts changes (a glossary term, a confidential
   * name added after a save): the review page refreshes them first, so what it shows, what approval and dismissal go
   * by, and `tandem check` agree. NotFoundError when there is no such article.
   */
  async refresh(slug: string, locale: Locale): Promise<void> {
    const target = canonicalLocale(locale);
    const which: CheckSelection = (t) => t.locale === target;
    // Read first: results stamped with today's context stay, so a page view writes only after a glossary or terms change.
    // The stored record itself (no copy): #recheck only reads it, and answers a new record when something changed.
    const record = await this.#deps.store.peek(parseSlug(slug), (stored): ArticleRecord => stored);
    if (!record) throw new NotFoundError(`checks: no article "${slug}"; list articles with tandem status`);
    if ((await this.#recheck(record, which, 'context')) !== record) await this.#rewrite(slug, which, 'context');
  }

  /** Run the checks again on the selected translations of an article and store what changed, in one write. */
  async #rewrite(slug: string, which: CheckSelection, stale: 'all' | 'context' = 'all'): Promise<ArticleRecord> {
    const stored = await this.#deps.store.update(parseSlug(slug), async (current) => {
      if (!current) return null;
      const next = await this.#recheck(current, which, stale);
      return next === current ? null : next;
    });
    if (!stored) throw new NotFoundError(`checks: no article "${slug}"; list articles with tandem status`);
    return stored;
  }

  /** Live segments of an article in reading order with their translation in `locale` (text not empty) and fresh results. */
  async #fresh(slug: string, locale: Locale): Promise<{ segment: Segment; translation: Translation; results: CheckResult[] }[]> {
    const record = await this.#deps.store.get(parseSlug(slug));
    if (!record) throw new NotFoundError(`checks: no article "${slug}"; list articles with tandem status`);
    const ctx = await this.contextFor(record, locale);
    const byId = new Map(record.translations.filter((t) => t.locale === locale).map((t) => [t.segmentId, t]));
    const out: { segment: Segment; translation: Translation; results: CheckResult[] }[] = [];
    for (const segment of record.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order)) {
      const translation = byId.get(segment.id);
      if (!translation || translation.text === '') continue;
      out.push({ segment, translation, results: this.check(segment, translation.text, ctx) });
    }
    return out;
  }
}

/** The check service as `openTandem` exposes it (`tandem.checks`); a clear error when main.ts has not wired it. */
export function requireChecks(tandem: object): CheckService {
  const checks = (tandem as { checks?: CheckService }).checks;
  if (!checks)
    throw new AppError(
      'config',
      'checks: quality checks are not wired in main.ts (openTandem must build tandem.checks with new CheckService)',
    );
  return checks;
}
