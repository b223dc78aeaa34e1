import { splitFrontMatterBlock } from '../core/front-matter-syntax.ts';
import { alignSegments } from '../core/alignment.ts';
import { AppError, ConfigError, ValidationError } from '../core/errors.ts';
import { DEFAULT_SOURCE_LOCALE, DEFAULT_TARGET_LOCALES } from '../core/locale.ts';
import type { Locale } from '../core/locale.ts';
import type { Article, ArticleRecord, ExtractedSegment, HistoryEntry, Segment, Translation } from '../core/model.ts';
import type { ParsedDocument } from '../core/ports/format.ts';
import { parseFrontMatter } from '../core/front-matter.ts';
import { checkSegmentLimits } from '../core/segment-limits.ts';
import { ignorablesInsideWords, plainText } from '../core/segment-text.ts';
import { parseSlug } from '../core/slug.ts';
import type { Slug } from '../core/slug.ts';
import { contentHash } from '../core/text.ts';
import { newTranslation } from '../core/workflow.ts';
import { applyAction } from '../core/workflow-apply.ts';
import { segmentChanged } from './change-events.ts';
import { announceImport } from './outbound-events.ts';
import { nowIso } from './types.ts';
import type { ImportResult, ImportWarning, ServiceDeps } from './types.ts';

export interface ImportInput {
  /** File name or path: picks the format, labels errors, and gives the slug when nothing else does. */
  readonly file: string;
  readonly content: Uint8Array | string;
  /** Explicit slug; wins over front matter `slug` and the file name. */
  readonly slug?: string;
  /** Who imports (recorded in history). */
  readonly by: string;
}

/** The warnings an import reports about live segments (see ImportWarning), in reading order. */
export function importWarnings(segments: readonly Segment[]): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  for (const s of [...segments].filter((x) => !x.removedAt).sort((a, b) => a.order - b.order)) {
    const codePoints = ignorablesInsideWords(plainText(s.source));
    if (codePoints.length > 0) warnings.push({ kind: 'invisible-characters', segmentId: s.id, order: s.order, codePoints });
  }
  return warnings;
}

export type ImportOutcome =
  | { readonly file: string; readonly ok: true; readonly result: ImportResult }
  | { readonly file: string; readonly ok: false; readonly error: Error };

/**
 * Import a new article or a new revision of a stored one. Unchanged segments keep their translations, edited ones
 * turn their translations stale, new ones start untranslated in every target locale, removed ones stay for history.
 * An unchanged file writes nothing. Any failure leaves the stored article as it was. Throws LimitError past any of
 * core/limits.ts's import limits (size, nesting, segments, characters per segment, front matter), FormatParseError
 * for a file that cannot be read, ValidationError for a missing title, slug or front matter.
 */
export async function importArticle(deps: ServiceDeps, input: ImportInput): Promise<ImportResult> {
  const { file } = input;
  if (!deps.formats) throw new ConfigError('import: no input formats configured; pass deps.formats');
  const format = deps.formats.forFile(file);
  const text = deps.formats.decode(input.content, file);
  const parsed = format.parse(text, file);
  // The front matter carries the title, date and confidential names that must be known before anything is sent out.
  if (format.id === 'markdown' && !splitFrontMatterBlock(parsed.document).present) {
    throw new ValidationError(
      `import: ${file} has no front matter; start the file with a YAML block such as "---\ntitle: …\ndate: 2026-01-22\n---" (or TOML between +++ lines, or a JSON object)`,
      [],
      { reason: 'import.no-front-matter', params: { file } },
    );
  }
  const frontMatter = parseFrontMatter(parsed.frontMatter, file);
  if (typeof frontMatter.title !== 'string' || frontMatter.title.trim() === '') {
    // HTML has no front matter to add "title:" to: its title is its <h1> (or the title a CMS push sends).
    if (format.id === 'html')
      throw new ValidationError(`import: ${file} has no title; start it with an <h1> heading`, [], {
        reason: 'import.no-title-html',
        params: { file },
      });
    throw new ValidationError(`import: ${file} has no title; add "title: …" to its front matter`, [], {
      reason: 'import.no-title',
      params: { file },
    });
  }
  if (parsed.segments.length === 0) {
    throw new ValidationError(`import: ${file} has no text to translate; check that the file has a title or a body`, [], {
      reason: 'import.no-text',
      params: { file },
    });
  }
  checkSegmentLimits(parsed.segments, file);
  const slug = resolveSlug(file, input.slug, parsed);
  const by = input.by.trim() || 'import';
  const locales = targetLocales(deps);
  const documentHash = contentHash(parsed.document);

  let result: ImportResult | null = null;
  const stored = await deps.store.update(slug, async (current) => {
    const now = nowIso(deps);
    // Same document and same segments: the segmentation rules can change under an unchanged file (more front matter
    // keys translated, shortcodes as tags), and then the file must be segmented again or it could not be published.
    if (current && current.article.documentHash === documentHash && sameSegments(current.segments, parsed.segments)) {
      const live = current.segments.filter((s) => !s.removedAt);
      result = {
        file,
        slug,
        status: 'unchanged',
        counts: { unchanged: live.length, changed: 0, added: 0, removed: 0 },
        sourceRevision: current.article.sourceRevision,
        changedSegmentIds: [],
        addedSegmentIds: [],
        warnings: importWarnings(current.segments),
      };
      // A locale added to the installation since the last import still gets its rows, without a new source revision.
      const missing = missingRows(current, locales, now);
      return missing.length === 0 ? null : { ...current, translations: [...current.translations, ...missing] };
    }

    const revision = (current?.article.sourceRevision ?? 0) + 1;
    const aligned = alignSegments(current?.segments ?? [], parsed.segments, {
      revision,
      now,
      ...(deps.newSegmentId ? { newId: deps.newSegmentId } : {}),
    });
    const history: HistoryEntry[] = [];
    const sourceEvent = (segmentId: string, action: string, before: string | null, after: string | null): void => {
      history.push({ at: now, by, segmentId, locale: null, action, from: null, to: null, textBefore: before, textAfter: after });
    };
    const segmentsById = new Map(aligned.segments.map((s) => [s.id, s]));

    const changedById = new Map(aligned.changed.map((c) => [c.id, c]));
    const translations: Translation[] = (current?.translations ?? []).map((t) => {
      const edit = changedById.get(t.segmentId);
      if (!edit) return t;
      const step = applyAction(t, { type: 'markStale', previousSource: edit.previousSource }, { name: by }, now);
      history.push(step.history);
      return step.translation;
    });
    for (const c of aligned.changed) sourceEvent(c.id, 'segment-edited', c.previousSource, c.source);
    for (const id of aligned.addedIds) {
      const restored = aligned.restoredIds.includes(id);
      sourceEvent(id, restored ? 'segment-restored' : 'segment-added', null, segmentsById.get(id)?.source ?? null);
    }
    for (const id of aligned.removedIds) {
      const removed = current?.segments.find((s) => s.id === id);
      sourceEvent(id, 'segment-removed', removed?.source ?? null, null);
    }

    const article: Article = {
      slug,
      sourceLocale: current?.article.sourceLocale ?? deps.sourceLocale ?? DEFAULT_SOURCE_LOCALE,
      format: format.id,
      frontMatter,
      document: parsed.document,
      documentHash,
      sourceRevision: revision,
      createdAt: current?.article.createdAt ?? now,
      updatedAt: now,
    };
    const next: ArticleRecord = {
      article,
      segments: aligned.segments,
      translations,
      history: [...(current?.history ?? []), ...history],
    };
    result = {
      file,
      slug,
      status: current ? 'updated' : 'new',
      counts: aligned.counts,
      sourceRevision: revision,
      changedSegmentIds: aligned.changed.map((c) => c.id),
      addedSegmentIds: aligned.addedIds,
      warnings: importWarnings(aligned.segments),
    };
    const complete = { ...next, translations: [...translations, ...missingRows(next, locales, now)] };
    // Translations of a changed source are checked against the new source in this write (they are stale, but a
    // submit as is must not be approved on results for the old source).
    return deps.checker ? deps.checker.withChecks(complete, (t) => changedById.has(t.segmentId)) : complete;
  });

  const done = result as ImportResult | null;
  if (!done || !stored) throw new Error(`import: ${file}: the store returned no record for ${slug}`);
  // Open review pages show the translations of a changed source as stale at once (new segments need a reload).
  const changed = new Set(done.changedSegmentIds);
  for (const t of stored.translations) if (changed.has(t.segmentId)) deps.changes?.publish(segmentChanged(slug, t));
  if (done.status !== 'unchanged' && (deps.afterImport || deps.notifier)) {
    try {
      await announceImport(deps, done, stored, by);
      await deps.afterImport?.(done, stored);
    } catch (error) {
      throw new AppError(
        'import-hook',
        `import: ${file} was stored as revision ${done.sourceRevision}, but the after-import step failed: ${(error as Error).message}`,
        { cause: error, reason: 'import.after-step', params: { file, revision: done.sourceRevision } },
      );
    }
  }
  return done;
}

/** Import several files one by one; a bad file is reported in its outcome and never stops the others. */
export async function importMany(deps: ServiceDeps, inputs: Iterable<ImportInput>): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  for (const input of inputs) {
    try {
      outcomes.push({ file: input.file, ok: true, result: await importArticle(deps, input) });
    } catch (error) {
      outcomes.push({ file: input.file, ok: false, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  return outcomes;
}

/** The installation's target locales, or DEFAULT_TARGET_LOCALES (en, ja, zh-Hans) when none are configured. */
export function targetLocales(deps: Pick<ServiceDeps, 'targetLocales'>): readonly Locale[] {
  return deps.targetLocales ?? DEFAULT_TARGET_LOCALES;
}

function resolveSlug(file: string, explicit: string | undefined, parsed: ParsedDocument): Slug {
  const fromFrontMatter = parsed.frontMatter.slug;
  const candidate = explicit ?? (typeof fromFrontMatter === 'string' ? fromFrontMatter : undefined) ?? baseName(file);
  try {
    return parseSlug(candidate);
  } catch (error) {
    const where = explicit !== undefined ? 'the given slug' : typeof fromFrontMatter === 'string' ? 'front matter slug' : 'the file name';
    throw new ValidationError(
      `import: ${file}: ${where} ${JSON.stringify(String(candidate).slice(0, 80))} is not a valid slug; use lowercase letters, digits and dashes, or set "slug:" in the front matter`,
      [],
      { cause: error, reason: 'import.bad-slug', params: { file, slug: String(candidate).slice(0, 80) } },
    );
  }
}

function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Untranslated rows for every live segment and target locale that has none yet. */
function missingRows(record: ArticleRecord, locales: readonly Locale[], now: string): Translation[] {
  const have = new Set(record.translations.map((t) => `${t.segmentId}\u0000${t.locale}`));
  const rows: Translation[] = [];
  for (const s of record.segments) {
    if (s.removedAt) continue;
    for (const locale of locales) {
      if (!have.has(`${s.id}\u0000${locale}`)) rows.push(newTranslation(s.id, locale, now));
    }
  }
  return rows;
}

function sameSegments(stored: readonly Segment[], extracted: readonly ExtractedSegment[]): boolean {
  const live = stored.filter((s) => !s.removedAt);
  return live.length === extracted.length && live.every((s, i) => s.kind === extracted[i]?.kind && s.source === extracted[i]?.source);
}
