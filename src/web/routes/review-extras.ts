import type { Request } from 'express';
import type { Locale } from '../../core/locale.ts';
import { can } from '../../core/roles.ts';
import type { User } from '../../services/auth.ts';
import type { GlossaryEntry } from '../../services/glossary.ts';
import type { AppDeps } from '../deps.ts';
import type { MtProgressView } from '../views/mt-progress.ts';
import { mtHint, mtMessage } from '../mt-message.ts';

/**
 * The optional services the article and review pages use when an installation has them (machine translation,
 * translation memory, glossary): a page shows a section only when the service is there and hides it otherwise, and a
 * failing optional service hides its section rather than the page.
 */

/** One translation-memory match as the review page shows it (services/memory.ts `MemoryMatch` fits). */
export interface MemoryMatchLike {
  readonly score: number;
  readonly exact: boolean;
  readonly text: string;
  readonly diff: readonly { readonly op: 'equal' | 'insert' | 'delete'; readonly text: string }[];
  readonly entry: { readonly source: string; readonly approvedBy?: string | null };
}

/** A glossary entry as the review page shows it. */
export type GlossaryEntryLike = GlossaryEntry;

/** Most memory matches shown (and accepted by index) per segment. */
export const MEMORY_LIMIT = 3;

/** The glossary entries of a language pair; none when there is no glossary service or it fails. */
export async function glossaryFor(deps: AppDeps, sourceLocale: Locale, locale: Locale): Promise<readonly GlossaryEntryLike[]> {
  if (!deps.glossary) return [];
  try {
    return await deps.glossary.terms(sourceLocale, locale);
  } catch {
    return [];
  }
}

/** Up to MEMORY_LIMIT memory matches for a source text; none when there is no memory service or it fails. */
export async function memoryMatches(
  deps: AppDeps,
  source: string,
  sourceLocale: Locale,
  locale: Locale,
): Promise<readonly MemoryMatchLike[]> {
  if (!deps.memory) return [];
  try {
    return (await deps.memory.lookup(source, { sourceLocale, targetLocale: locale, limit: MEMORY_LIMIT })).slice(0, MEMORY_LIMIT);
  } catch {
    return [];
  }
}

/**
 * What to set to turn machine translation on (the provider's configuration hint), for the "machine translation is off"
 * notices; empty without an MT service.
 */
export async function mtConfigHint(deps: AppDeps, req: Request): Promise<string> {
  return deps.mt ? mtHint(req, (await deps.mt.status()).configHint) : '';
}

/** The MT state for a page banner, in the UI language; null when there is no MT service or asking fails. */
export async function mtBanner(deps: AppDeps, req: Request): Promise<{ readonly state: string; readonly message: string } | null> {
  if (!deps.mt) return null;
  try {
    const status = await deps.mt.status();
    return { state: status.state, message: mtMessage(req, status) };
  } catch {
    return null;
  }
}

/**
 * What a page shows of machine translation progress (the `mt-progress` partial), for one article and locale or all;
 * null without an MT service or when asking fails (the section is then left out, not the page).
 */
export async function mtProgressFor(
  deps: AppDeps,
  user: User,
  filter: { readonly slug?: string; readonly locale?: Locale },
  back: MtProgressView['back'],
): Promise<MtProgressView | null> {
  if (!deps.mt) return null;
  try {
    const editor = can(user.role, 'mt.queue');
    const showBudget = editor && back === 'articles' && deps.mt.provider.enabled;
    return {
      rows: await deps.mt.articleProgress(filter),
      showArticle: filter.slug === undefined,
      canRetry: editor,
      back,
      budget: showBudget ? await deps.mt.rerunBudget() : null,
      now: new Date().toISOString(),
    };
  } catch {
    return null;
  }
}
