import { ValidationError } from '../core/errors.ts';
import { confidentialTermsOf } from '../core/front-matter.ts';
import type { MaskTerm } from '../core/masking.ts';
import type { ArticleRecord } from '../core/model.ts';
import type { ArticleStore } from '../core/ports/article-store.ts';
import type { ConfidentialTermRecord, MtSettingsStore } from '../core/ports/mt-store.ts';
import { stripIgnorables } from '../core/segment-text.ts';
import { parseSlug, type Slug } from '../core/slug.ts';
import { firstNonTextChar } from '../core/text.ts';

export interface ConfidentialDeps {
  readonly settings: MtSettingsStore;
  /** Where an article's list is checked to belong to a stored article (a typo must not start a list nobody sees). */
  readonly store?: Pick<ArticleStore, 'get'>;
  readonly now?: () => Date;
}

export interface AddConfidentialInput {
  readonly term: string;
  /** Only for this article; global when absent. */
  readonly slug?: string;
  /** What translations show instead (a pseudonym, "a source"). */
  readonly render?: string;
  readonly by: string;
}

const MAX_TERM = 200;

// Control characters and line breaks: a term is one line of text, shown in lists and matched inside segments.
const NOT_IN_A_TERM = /[\p{Cc}\u2028\u2029]/u;

/** A term or its rendering, NFC and trimmed; refused when it has no visible character, is too long or is not one line of text. */
function termText(raw: string, what: 'term' | 'rendering'): string {
  const text = raw.normalize('NFC').trim();
  const visible = stripIgnorables(text).trim().length;
  if (visible === 0 || text.length > MAX_TERM) {
    const actual = visible === 0 ? 0 : text.length;
    throw new ValidationError(`confidential: a ${what} must be 1 to ${MAX_TERM} characters, got ${actual}`, [], {
      reason: `confidential.${what}-length`,
      params: { max: MAX_TERM, actual },
      problems: [{ code: `${what}-length`, values: { max: MAX_TERM, actual } }],
    });
  }
  const control = NOT_IN_A_TERM.exec(text);
  const code = control ? `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : firstNonTextChar(text)?.code;
  if (code) {
    throw new ValidationError(`confidential: a ${what} is one line of text; it cannot hold ${code}`, [], {
      reason: `confidential.${what}-character`,
      params: { codePoint: code },
      problems: [{ code: `${what}-character`, values: { codePoint: code } }],
    });
  }
  return text;
}

/**
 * The slug of an article's list, checked against the store when the deps have one: ValidationError (reason
 * `article.not-found`) for an article that is not stored, as a list of terms for it would never mask anything the
 * editor meant (a typo in the slug) and its terms could only be found by typing the same typo again.
 */
async function listSlug(deps: ConfidentialDeps, raw: string | undefined): Promise<Slug | null> {
  if (raw === undefined) return null;
  const slug = parseSlug(raw);
  if (deps.store && !(await deps.store.get(slug))) {
    throw new ValidationError(`confidential: no article "${slug}"; check the slug (tandem status lists the articles)`, ['slug'], {
      reason: 'article.not-found',
      params: { slug },
    });
  }
  return slug;
}

/**
 * Add (or update the rendering of) a confidential term, global or for one article; added again without a rendering, a
 * listed term keeps its rendering (the record returned carries it). Throws ValidationError for a term
 * or rendering with no visible character, over 200 characters, or holding a control character or line break, and for
 * an article that is not stored (reason `article.not-found`).
 */
export async function addConfidentialTerm(deps: ConfidentialDeps, input: AddConfidentialInput): Promise<ConfidentialTermRecord> {
  const term = termText(input.term, 'term');
  const slug = await listSlug(deps, input.slug);
  const given = input.render === undefined || input.render.trim() === '' ? undefined : termText(input.render, 'rendering');
  // Adding a listed term again without a rendering keeps the one it has: a rendering is never dropped by omission.
  const render = given ?? (await deps.settings.confidentialTerms(slug)).find((t) => t.term === term)?.render;
  const record: ConfidentialTermRecord = {
    term,
    ...(render ? { render } : {}),
    addedAt: (deps.now?.() ?? new Date()).toISOString(),
    addedBy: input.by,
  };
  await deps.settings.putConfidentialTerm(slug, record);
  return record;
}

/** Remove a term; false when it was not on that list. ValidationError (reason `article.not-found`) for an article that is not stored. */
export async function removeConfidentialTerm(deps: ConfidentialDeps, term: string, slug?: string): Promise<boolean> {
  return deps.settings.removeConfidentialTerm(await listSlug(deps, slug), term.normalize('NFC').trim());
}

/** The global list, or the global list plus one article's own. */
export async function listConfidentialTerms(
  deps: ConfidentialDeps,
  slug?: string,
): Promise<{ global: ConfidentialTermRecord[]; article: ConfidentialTermRecord[] }> {
  const global = await deps.settings.confidentialTerms(null);
  const article = slug === undefined ? [] : await deps.settings.confidentialTerms(parseSlug(slug));
  return { global, article };
}

/**
 * Which terms are confidential in this article: the one answer masking before MT, the confidential check (through
 * CheckService.contextFor), the MT audit and the approval gate all use. The global list, the article's front matter
 * (`confidential: [김철민]` or `[{ term: 김철민, render: 한 소식통 }]`, see front-matter.ts `confidentialTermsOf`) and the
 * article's own list, so front-matter names are known before import queues anything. A term listed twice keeps the
 * most specific rendering (article list over front matter over global). Terms are NFC and trimmed; empty ones are
 * dropped. Store failures are thrown.
 */
export async function termsForArticle(
  settings: Pick<MtSettingsStore, 'confidentialTerms'>,
  record: Pick<ArticleRecord, 'article'>,
): Promise<MaskTerm[]> {
  const byTerm = new Map<string, MaskTerm>();
  const add = (term: string, render?: string) => {
    const t = term.normalize('NFC').trim();
    if (t) byTerm.set(t, render ? { term: t, render } : { term: t });
  };
  for (const t of await settings.confidentialTerms(null)) add(t.term, t.render);
  for (const t of confidentialTermsOf(record.article.frontMatter)) add(t.term, t.render);
  for (const t of await settings.confidentialTerms(record.article.slug)) add(t.term, t.render);
  return [...byTerm.values()];
}

/** Confidential terms as the CLI manages them: a facade over the functions above, bound to the MT settings store. */
export class ConfidentialService {
  readonly #deps: ConfidentialDeps;

  constructor(deps: ConfidentialDeps) {
    this.#deps = deps;
  }

  /** Add or update a term (see `addConfidentialTerm`); ValidationError for an empty or over-long term or a bad slug. */
  add(input: AddConfidentialInput): Promise<ConfidentialTermRecord> {
    return addConfidentialTerm(this.#deps, input);
  }

  /** Remove a term from the global list or one article's; false when it was not there, ValidationError for an unknown article. */
  remove(term: string, slug?: string): Promise<boolean> {
    return removeConfidentialTerm(this.#deps, term, slug);
  }

  /** The global list, plus one article's own list when `slug` is given. */
  list(slug?: string): Promise<{ global: ConfidentialTermRecord[]; article: ConfidentialTermRecord[] }> {
    return listConfidentialTerms(this.#deps, slug);
  }
}
