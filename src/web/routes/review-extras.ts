import type { Request } from 'express';
import type { Locale } from '../../core/locale.ts';
import { can } from '../../core/roles.ts';
import type { User } from '../../services/auth.ts';
import type { GlossaryEntry } from '../../services/glossary.ts';
import type { BlockedGlossary } from '../../services/mt/index.ts';
import type { AppDeps } from '../deps.ts';
import type { MtProgressView } from '../views/mt-progress.ts';
import { dateTimeFormat } from '../intl-cache.ts';

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
export async function mtConfigHint(deps: AppDeps): Promise<string> {
  return deps.mt ? (await deps.mt.status()).configHint : '';
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

// Why a queue is held, by its state: only a spent quota pauses it (services/mt send-batch), and a rejected key holds it
// until someone resumes. Each has its own sentence (`mt:paused.<reason>`).
const HOLD_REASONS: Readonly<Record<string, string>> = { paused: 'quota', unauthorized: 'credentials' };

/**
 * The MT state in the UI language, quoting the provider's configuration hint (the strings never name a provider). A
 * held queue (paused, key rejected) is told by its reason alone: the service's own sentence is English and ends with
 * a command (`tandem translate --resume`), where the page has its resume button. When ready, each language pair
 * waiting for its glossary gets a sentence with the provider's reason.
 */
export function mtMessage(
  req: Request,
  status: {
    readonly state: string;
    readonly message: string;
    readonly configHint: string;
    readonly blockedGlossaries?: readonly BlockedGlossary[];
    readonly nextRetryAt?: string | null;
    readonly retryReason?: string | null;
    readonly keyCheck?: { readonly state: string };
  },
): string {
  const known = ['off', 'ready', 'paused', 'unauthorized', 'retrying'];
  if (!known.includes(status.state)) return status.message;
  const held = HOLD_REASONS[status.state];
  const text = held
    ? req.t(`mt:paused.${held}`)
    : status.state === 'retrying'
      ? req.t('mt:states.retrying', {
          at: status.nextRetryAt ? dateTimeFormat(req.language, { timeStyle: 'short' }).format(new Date(status.nextRetryAt)) : '',
          reason: req.t(`mt:reasons.${status.retryReason ?? 'unknown'}`),
        })
      : req.t(`review:machine.states.${status.state}`, { hint: status.configHint });
  const blocked = (status.blockedGlossaries ?? []).map((b) =>
    req.t('review:machine.glossaryBlocked', { from: b.sourceLocale, to: b.targetLocale, reason: b.reason }),
  );
  // The key check runs in the background after start-up; say so while it runs, and when it got no answer.
  const check = ['checking', 'unreachable'].includes(status.keyCheck?.state ?? '') ? [req.t(`mt:keyCheck.${status.keyCheck!.state}`)] : [];
  return [text, ...check, ...blocked].join(' ');
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
