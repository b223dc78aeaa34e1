import {
  type AppError,
  type ErrorParams,
  type ErrorReason,
  ForbiddenError,
  LimitError,
  NotFoundError,
  ValidationError,
} from '../core/errors.ts';
import { canonicalLocale, type Locale, requireLocale } from '../core/locale.ts';
import { formatSizeAndLimit, LIMITS } from '../core/limits.ts';
import type { ArticleRecord, Translation } from '../core/model.ts';
import type { CheckContext } from '../core/ports/check.ts';
import type { XliffFormats, XliffUnit, XliffVersion } from '../core/ports/xliff-format.ts';
import { canInLocale, isRole } from '../core/roles.ts';
import { parseSlug, type Slug } from '../core/slug.ts';
import { normalizeText } from '../core/text.ts';
import type { ArticleStore } from '../core/ports/article-store.ts';
import type { ExternalInput, ExternalOutcome } from './review-external.ts';
import type { ReviewActor } from './review-inputs.ts';
import { decodeUtf8 } from './input-file.ts';
import { sameAsStored } from './review-rules.ts';
import { checkUnit, type UnitRefusal, unitOf } from './xliff-units.ts';

/** What the XLIFF exchange needs; main.ts (or a test) builds it. */
export interface XliffExchangeDeps {
  readonly store: Pick<ArticleStore, 'get'>;
  readonly formats: XliffFormats;
  /** Glossary and confidential terms of an article and locale: the checks' context (services/checks.ts `contextFor`). */
  readonly context: (record: ArticleRecord, locale: Locale) => Promise<Pick<CheckContext, 'glossary' | 'confidential'>>;
  /** The review service's write for outside translations (review.ts `applyExternal`). */
  readonly review: { applyExternal(inputs: readonly ExternalInput[]): Promise<ExternalOutcome[]> };
  readonly targetLocales: readonly Locale[];
}

export interface XliffExportInput {
  /** One article, or a batch: one `<file>` each, in this order. */
  readonly slugs: readonly string[];
  readonly locale: string;
  readonly version: XliffVersion;
}

export interface XliffExport {
  /** `<slug>.<locale>.xlf`, or `tandem-<n>-articles.<locale>.xlf` for a batch. */
  readonly fileName: string;
  readonly mediaType: string;
  readonly text: string;
}

export interface XliffImportInput {
  /** The file's bytes or decoded text. */
  readonly content: Uint8Array | string;
  /** Labels messages and the report. */
  readonly file: string;
  /** Who imports (a person carries role and locales). */
  readonly importer: ReviewActor;
  /** The agency that translated, named in the history; `agency` when absent. */
  readonly agency?: string;
  /** Approve the units the file marks approved (reviewers only; four-eyes against the agency). */
  readonly approve?: boolean;
  /** The one target locale the caller acts on (an API request for one locale): a file in another is refused. */
  readonly locale?: Locale;
}

/** One unit not applied, for the report. */
export interface XliffRefusal {
  readonly slug: string;
  readonly unitId: string;
  readonly line: number | null;
  readonly refusal:
    | UnitRefusal
    | { readonly code: 'unknown-article' }
    /** The review workflow refused it: its developer message, and the message code people read when there is one. */
    | { readonly code: 'rejected'; readonly reason: string; readonly messageCode?: ErrorReason; readonly params?: ErrorParams };
}

export interface XliffImportReport {
  readonly file: string;
  readonly version: XliffVersion;
  readonly locale: Locale;
  readonly agency: string;
  /** Units whose text or state changed. */
  readonly applied: number;
  /** Of those, approved in this import. */
  readonly approved: number;
  /** Units with the same text and state as stored, and units without a target. */
  readonly unchanged: number;
  readonly refused: readonly XliffRefusal[];
  /** Units applied whose approval was refused (checks, four-eyes), with why. */
  readonly notApproved: readonly XliffRefusal[];
}

const MAX_AGENCY = 100;
/** The name of an agency the importer did not name. */
const UNNAMED_AGENCY = 'agency';

/** The agency's name as recorded: trimmed, one line, at most 100 characters; ValidationError otherwise. */
export function agencyName(raw: string | undefined): string {
  const name = normalizeText(raw ?? '').trim() || UNNAMED_AGENCY;
  if (name.length > MAX_AGENCY || /[\p{Cc}\u2028\u2029]/u.test(name)) {
    throw new ValidationError(`xliff: the agency name must be one line of 1 to ${MAX_AGENCY} characters`, ['agency'], {
      reason: 'xliff.agency-name',
    });
  }
  return name;
}

/** The author recorded in the history: `agency:<name>`, or `agency` alone for an agency nobody named. */
export function agencyAuthor(name: string): string {
  return name === UNNAMED_AGENCY ? UNNAMED_AGENCY : `agency:${name}`;
}

/**
 * XLIFF files for translation agencies: export one or more articles in one target locale, import the agency's file
 * back through the review workflow. Errors: NotFoundError (article, locale), ValidationError, LimitError (a file over
 * LIMITS.xliffBytes, checked before parsing), FormatParseError (a file that is not XLIFF, saying where), ForbiddenError
 * (approval asked by someone who may not review the locale).
 */
export class XliffExchangeService {
  readonly #deps: XliffExchangeDeps;

  constructor(deps: XliffExchangeDeps) {
    this.#deps = deps;
  }

  /** Build the file: every live segment of each article, masked, with its state and notes. */
  async exportFile(input: XliffExportInput): Promise<XliffExport> {
    const locale = requireLocale('xliff', 'locale', this.#deps.targetLocales, input.locale);
    if (input.slugs.length === 0) throw new ValidationError('xliff: name at least one article to export', ['slug']);
    const records = await Promise.all([...new Set(input.slugs.map((s) => parseSlug(s)))].map((slug) => this.#record(slug)));
    const sourceLocale = records[0]!.article.sourceLocale;
    const files = [];
    for (const record of records) {
      const { glossary = [], confidential = [] } = await this.#deps.context(record, locale);
      const live = record.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
      const units = live.map((segment) => {
        const translation = record.translations.find((t) => t.segmentId === segment.id && t.locale === locale) ?? null;
        return unitOf(segment, translation, confidential, glossary);
      });
      files.push({ slug: record.article.slug, units });
    }
    const format = this.#deps.formats.forVersion(input.version);
    const text = await format.serialize({ version: input.version, sourceLocale, targetLocale: locale, files });
    const base = records.length === 1 ? records[0]!.article.slug : `tandem-${records.length}-articles`;
    return { fileName: `${base}.${locale}.xlf`, mediaType: format.mediaType, text };
  }

  /** Read an agency's file and apply what still fits the articles; see XliffImportReport. */
  async importFile(input: XliffImportInput): Promise<XliffImportReport> {
    const size = typeof input.content === 'string' ? Buffer.byteLength(input.content) : input.content.byteLength;
    if (size > LIMITS.xliffBytes) {
      throw new LimitError(
        'xliffBytes',
        `xliff: ${input.file} is too large (${formatSizeAndLimit(size, LIMITS.xliffBytes).join(', the limit is ')}); export fewer articles per file`,
        { file: input.file, actual: size },
      );
    }
    const agency = agencyName(input.agency);
    const author = agencyAuthor(agency);
    const text = typeof input.content === 'string' ? input.content : decodeUtf8(input.content, input.file, 'xliff');
    const document = await this.#deps.formats.parse(text, input.file);
    const locale = requireLocale('xliff', 'trgLang', this.#deps.targetLocales, document.targetLocale);
    if (input.locale !== undefined && input.locale !== locale) {
      throw new ValidationError(`xliff: ${input.file} is in ${locale}, not ${input.locale}`, ['locale'], {
        reason: 'xliff.other-locale',
        params: { locale, to: input.locale },
      });
    }
    const approve = input.approve === true;
    const { role, locales } = input.importer;
    // A person imports into the languages they work in, and approves only where they review; the CLI passes a bare name.
    const person = isRole(role) && locales ? { role, locales } : null;
    if (person && !canInLocale(person, 'translation.edit', locale)) {
      throw new ForbiddenError(`xliff: ${input.importer.name} does not work in ${locale}`, 'forbidden', {
        reason: 'role.locale',
        params: { locale },
      });
    }
    if (approve && person && !canInLocale(person, 'translation.review', locale)) {
      throw new ForbiddenError(`xliff: only reviewers of ${locale} may approve while importing; import without approving`, 'forbidden', {
        reason: 'xliff.approve-needs-reviewer',
      });
    }
    const report = { applied: 0, approved: 0, unchanged: 0, refused: [] as XliffRefusal[], notApproved: [] as XliffRefusal[] };
    for (const file of document.files) {
      const slug = parseSlugOrNull(file.slug);
      const record = slug === null ? null : await this.#deps.store.get(slug);
      if (!record || canonicalLocale(document.sourceLocale) !== record.article.sourceLocale) {
        for (const u of file.units)
          report.refused.push({ slug: file.slug, unitId: u.id, line: u.line ?? null, refusal: { code: 'unknown-article' } });
        continue;
      }
      const { confidential = [] } = await this.#deps.context(record, locale);
      const inputs: ExternalInput[] = [];
      const lines: { unitId: string; line: number | null }[] = [];
      for (const unit of file.units) {
        if (unit.target === null) {
          report.unchanged += 1;
          continue;
        }
        const checked = checkUnit({ ...unit, target: unit.target }, record, confidential);
        if (!checked.ok) {
          report.refused.push({ slug: file.slug, unitId: unit.id, line: unit.line ?? null, refusal: checked.refusal });
          continue;
        }
        const current = record.translations.find((t) => t.segmentId === unit.id && t.locale === locale);
        const base = staleness(unit, current, checked.text);
        if (base === 'unchanged') {
          report.unchanged += 1;
          continue;
        }
        if (typeof base !== 'number') {
          report.refused.push({ slug: file.slug, unitId: unit.id, line: unit.line ?? null, refusal: base });
          continue;
        }
        inputs.push({
          slug: record.article.slug,
          segmentId: unit.id,
          locale,
          text: checked.text,
          state: unit.state === 'approved' || unit.state === 'submitted' ? unit.state : 'draft',
          baseRevision: base,
          author: { name: author },
          importer: input.importer,
          approve,
          note: `approved from an XLIFF file of ${author}`,
        });
        lines.push({ unitId: unit.id, line: unit.line ?? null });
      }
      const outcomes = await this.#deps.review.applyExternal(inputs);
      outcomes.forEach((o, i) => {
        const where = { slug: file.slug, ...lines[i]! };
        if (o.outcome === 'refused') report.refused.push({ ...where, refusal: rejected(o.refusal) });
        else if (o.outcome === 'applied') report.applied += 1;
        else report.unchanged += 1;
        if (o.approved) report.approved += 1;
        else if (o.outcome !== 'refused' && o.refusal) report.notApproved.push({ ...where, refusal: rejected(o.refusal) });
      });
    }
    return { file: input.file, version: document.version, locale, agency, ...report };
  }

  async #record(slug: Slug): Promise<ArticleRecord> {
    const record = await this.#deps.store.get(slug);
    if (!record) throw new NotFoundError(`xliff: no article "${slug}"; import it first`);
    return record;
  }
}

/**
 * The revision a unit's text is saved against, or why it must not be: the file is an edit of the translation as it
 * was at the export (XliffUnit.revision), so a translation changed since then refuses it, as a stale If-Match does,
 * unless the file's text is already the translation's (nothing would be lost: saved against today's revision, so
 * the file may still submit or approve it; `unchanged` when it is approved, since an import never lowers a state).
 * A file that records no revision keeps the old behaviour (today's revision) except over approved text.
 */
function staleness(unit: XliffUnit, current: Translation | undefined, text: string): number | UnitRefusal | 'unchanged' {
  const now = current?.revision ?? 0;
  if (current && sameAsStored(text, current.text)) return current.state === 'approved' ? 'unchanged' : now;
  if (unit.revision !== undefined) return unit.revision === now ? now : { code: 'translation-changed' };
  return current?.state === 'approved' ? { code: 'approved-unversioned' } : now;
}

function rejected(error: AppError | undefined): XliffRefusal['refusal'] {
  // The translation changed between the check above and the write: the same refusal as a stale file.
  if (error?.reason === 'translation.stale-revision') return { code: 'translation-changed' };
  return {
    code: 'rejected',
    reason: error?.message ?? '',
    ...(error?.reason
      ? { messageCode: error.reason, ...(error.params && Object.keys(error.params).length > 0 ? { params: error.params } : {}) }
      : {}),
  };
}

function parseSlugOrNull(raw: string): Slug | null {
  try {
    return parseSlug(raw);
  } catch {
    return null;
  }
}
