import type { Request } from 'express';
import type { BlockedGlossary, MtStatus } from '../services/mt/index.ts';
import { messageTime } from './intl-cache.ts';

/**
 * The machine-translation state as people read it, in the request's language: the one home for the page banners
 * (routes/review-extras.ts `mtBanner`) and the API (`GET /mt`, `GET /status`). The MT service's own `message` is an
 * English sentence quoting the provider's words (`deepl: request failed: Bad request…`) and a command to run: it is
 * for operators and the command line, never shown as it is.
 */

// Why a queue is held, by its state: only a spent quota pauses it (services/mt send-batch), and a rejected key holds it
// until someone resumes. Each has its own sentence (`mt:paused.<reason>`).
const HOLD_REASONS: Readonly<Record<string, string>> = { paused: 'quota', unauthorized: 'credentials' };

/** The states with a sentence of their own (services/mt `MtState`); another (a newer server's) is told generically. */
const WORDED_STATES: ReadonlySet<string> = new Set(['off', 'ready', 'paused', 'unauthorized', 'retrying']);

/** What mtMessage reads of a status (MtStatus fits). */
export interface MtStatusLike {
  readonly state: string;
  readonly configHint: string;
  readonly blockedGlossaries?: readonly BlockedGlossary[];
  readonly nextRetryAt?: string | null;
  readonly retryReason?: string | null;
  readonly keyCheck?: { readonly state: string };
}

/**
 * The MT state in the UI language, quoting the provider's configuration hint (the strings never name a provider). A
 * held queue (paused, key rejected) is told by its reason alone. Each language pair waiting for its glossary gets a
 * sentence of its own; the provider's reason for refusing the glossary is not quoted (it is the provider's English,
 * `blockedGlossaries[].reason` of the API and the log keep it for operators).
 */
export function mtMessage(req: Request, status: MtStatusLike): string {
  if (!WORDED_STATES.has(status.state)) return req.t('mt:states.other');
  const held = HOLD_REASONS[status.state];
  const text = held
    ? req.t(`mt:paused.${held}`)
    : status.state === 'retrying'
      ? req.t('mt:states.retrying', {
          at: status.nextRetryAt ? messageTime(new Date(status.nextRetryAt), req.language) : '',
          reason: req.t(`mt:reasons.${status.retryReason ?? 'unknown'}`),
        })
      : req.t(`review:machine.states.${status.state}`, { hint: mtHint(req, status.configHint) });
  const blocked = (status.blockedGlossaries ?? []).map((b) =>
    req.t('review:machine.glossaryBlocked', { from: b.sourceLocale, to: b.targetLocale }),
  );
  // The key check runs in the background after start-up; say so while it runs, and when it got no answer.
  const check = ['checking', 'unreachable'].includes(status.keyCheck?.state ?? '') ? [req.t(`mt:keyCheck.${status.keyCheck!.state}`)] : [];
  return [text, ...check, ...blocked].join(' ');
}

// A provider's hint names the variable first, then says in English what it holds (`DEEPL_AUTH_KEY (your DeepL API key)`,
// core/ports/mt-provider.ts); MT off lists every provider's hint joined by " or " (adapters/mt/none.ts).
const HINT_VARIABLE = /^[A-Z][A-Z0-9_]*/;

/**
 * The provider's configuration hint in the request's language: each variable it names with its description from
 * `mt:configHints.<VARIABLE>` (the variable alone, `mt:configHints.variable`, when no string describes it), several joined by the language's "or".
 * A hint naming no variable reads `mt:configHints.unknown`. The English description is never quoted.
 */
export function mtHint(req: Request, configHint: string): string {
  const variables = configHint.split(' or ').flatMap((part) => HINT_VARIABLE.exec(part.trim())?.[0] ?? []);
  if (variables.length === 0) return req.t('mt:configHints.unknown');
  // A key list, not a defaultValue: a variable no string describes is not a missing key (tests fail on those).
  const worded = variables.map((variable) => req.t([`mt:configHints.${variable}`, 'mt:configHints.variable'], { variable }));
  return new Intl.ListFormat(req.language, { type: 'disjunction' }).format(worded);
}

/**
 * An MT status as the API answers it: `message` in the request's language (mtMessage), and the service's English
 * sentence as `operatorMessage`, for operators and `tandem` talking to a server (it quotes the provider and names the
 * command to run; not for showing to users).
 */
export function apiMtStatus<S extends MtStatus>(req: Request, status: S): S & { readonly operatorMessage: string } {
  return { ...status, message: mtMessage(req, status), operatorMessage: status.message };
}

/** How the API documents `message`, `operatorMessage` and a blocked glossary's `reason` (OpenAPI descriptions). */
export const MT_MESSAGE = 'The state in one or two sentences for people, in the request’s language (Accept-Language)';
export const MT_OPERATOR_MESSAGE =
  'For operators and the command line: the MT service’s English sentence, quoting the provider and naming the command to run; not for showing to users';
export const OPERATOR_REASON =
  'For operators: the provider’s own words (English) for refusing the glossary upload; not for showing to users';
