import { NotFoundError } from '../core/errors.ts';
import type { Locale } from '../core/locale.ts';
import type { CheckResult, Segment, SegmentKind, Translation, TranslationOrigin, TranslationState } from '../core/model.ts';
import type { GlossaryTerm } from '../core/ports/check.ts';
import { glossaryHits, glossaryTerms, requireChecks } from './checks.ts';
import type { Tandem } from './tandem.ts';

/** A glossary term found in a segment's source, with the target locale whose glossary has it. */
export type GlossaryHit = GlossaryTerm & { readonly locale: string };

/** One locale's translation of a segment as `tandem segments --locale` shows it; `untranslated` with revision 0 when none. */
export interface SegmentTranslationView {
  readonly state: TranslationState | 'untranslated';
  readonly text: string;
  readonly origin: TranslationOrigin | null;
  readonly revision: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

/** One live segment of `tandem segments`. */
export interface SegmentRow {
  readonly id: string;
  readonly order: number;
  readonly kind: SegmentKind;
  readonly source: string;
  readonly hash: string;
  readonly sourceRevision: number;
  /** Present when a locale was asked for. */
  readonly translation?: SegmentTranslationView;
  /** Glossary terms in the source: the asked locale's glossary, else every target locale's. */
  readonly glossary: readonly GlossaryHit[];
  /** Fresh check results of the translation (none when it is empty); present when a locale was asked for. */
  readonly checks?: readonly CheckResult[];
}

/** What `tandem segments <slug> [--locale]` shows (and prints with --json): the live segments in reading order. */
export interface SegmentListing {
  readonly slug: string;
  readonly sourceLocale: string;
  readonly sourceRevision: number;
  /** The locale asked for, absent without one. */
  readonly locale?: string;
  readonly segments: readonly SegmentRow[];
}

/** The services a segment listing reads: an open data directory, or the server's own. */
export type SegmentSource = Pick<Tandem, 'articles' | 'glossary' | 'checks'>;

/**
 * The article's live segments in reading order, with `locale`'s translations and their check results (null: none, and
 * glossary hits of every target locale). NotFoundError worded for the command line when the article is absent;
 * ValidationError for a malformed slug or a locale that is not a target locale.
 */
export async function segmentListing(source: SegmentSource, slug: string, locale: string | null): Promise<SegmentListing> {
  const target: Locale | null = locale === null ? null : source.articles.targetLocale(locale);
  const record = await source.articles.get(slug).catch((error: unknown) => {
    if (error instanceof NotFoundError)
      throw new NotFoundError(`segments: no article "${slug}"; "tandem status" lists the stored articles`);
    throw error;
  });
  const locales = target ? [target] : source.articles.targetLocales;
  const glossaries = await Promise.all(
    locales.map(async (l) => ({ locale: l, terms: glossaryTerms(await source.glossary.get(record.article.sourceLocale, l)) })),
  );
  const byId = new Map<string, Translation>();
  const checks = new Map<string, CheckResult[]>();
  if (target) {
    const service = requireChecks(source);
    const checkCtx = await service.contextFor(record, target);
    for (const t of record.translations) {
      if (t.locale !== target) continue;
      byId.set(t.segmentId, t);
      const segment = record.segments.find((s) => s.id === t.segmentId);
      if (t.text !== '' && segment) checks.set(t.segmentId, service.check(segment, t.text, checkCtx));
    }
  }
  const hitsOf = (s: Segment): GlossaryHit[] =>
    glossaries.flatMap((g) => glossaryHits(s.source, g.terms).map((term) => ({ locale: g.locale, ...term })));
  const live = record.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
  return {
    slug: record.article.slug,
    sourceLocale: record.article.sourceLocale,
    sourceRevision: record.article.sourceRevision,
    ...(target ? { locale: target } : {}),
    segments: live.map((s) => ({
      id: s.id,
      order: s.order,
      kind: s.kind,
      source: s.source,
      hash: s.hash,
      sourceRevision: s.sourceRevision,
      ...(target ? { translation: translationView(byId.get(s.id)) } : {}),
      glossary: hitsOf(s),
      ...(target ? { checks: checks.get(s.id) ?? [] } : {}),
    })),
  };
}

function translationView(t: Translation | undefined): SegmentTranslationView {
  return t
    ? { state: t.state, text: t.text, origin: t.origin, revision: t.revision, updatedAt: t.updatedAt, updatedBy: t.updatedBy }
    : { state: 'untranslated', text: '', origin: null, revision: 0, updatedAt: null, updatedBy: null };
}
