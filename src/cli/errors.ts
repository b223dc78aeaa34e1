import { AppError, ForbiddenError } from '../core/errors.ts';
import { UnknownLocaleError } from '../core/locale.ts';
import type { CheckTranslate } from '../core/ports/check.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
/** Bad usage: unknown command or option, missing argument. */
export const EXIT_USAGE = 2;

/** One line for any failure: our own errors carry a message meant for people; anything else is labelled unexpected. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) return oneLine(error.message);
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return oneLine(`unexpected error${code ? ` (${code})` : ''}: ${error.message}`);
  }
  return oneLine(`unexpected error: ${String(error)}`);
}

/**
 * A server's refusal of the token (its role, or its own scope: read-only, other languages) as this command's own
 * error, `<command>: <the problem's message, the sentence a person reads>`, like every refusal the command makes beside
 * the data directory. Anything else is returned as it is: its message already names what refused it.
 */
export function commandRefusal(command: string, error: unknown): unknown {
  const options = (e: AppError) => ({ cause: e, ...(e.reason ? { reason: e.reason } : {}), params: e.params });
  if (error instanceof ForbiddenError && error.code === 'forbidden')
    return new ForbiddenError(`${command}: ${error.message}`, error.code, options(error));
  if (error instanceof AppError && error.code === 'token-scope')
    return new AppError(error.code, `${command}: ${error.message}`, options(error));
  return error;
}

/**
 * A value of the command line an option parser refused with an error the CLI words through i18next (an unknown
 * locale): Commander's parsers are synchronous and i18next is loaded on first use, so `runCli` words it, exiting 2.
 */
export class ArgumentRefusal extends Error {
  constructor(readonly refused: UnknownLocaleError) {
    super(refused.message, { cause: refused });
  }
}

/** The errors `describeErrorIn` words through i18next rather than by their message. */
export function isWordedError(error: unknown): error is UnknownLocaleError | ArgumentRefusal {
  return error instanceof UnknownLocaleError || error instanceof ArgumentRefusal;
}

/**
 * One line for a failure, as describeError, but an unknown locale (UnknownLocaleError, alone or refused as an argument)
 * in the sentence the web shows for it (`errors:reasons.locale.not-target` in `t`'s language), with the locales to use.
 */
export function describeErrorIn(error: unknown, t: CheckTranslate): string {
  const refused = error instanceof ArgumentRefusal ? error.refused : error;
  if (!(refused instanceof UnknownLocaleError)) return describeError(error);
  const sentence = t('errors:reasons.locale.not-target', {
    locale: printable(refused.locale),
    locales: refused.allowed.join(', '),
    interpolation: { escapeValue: false },
  });
  return oneLine(`${refused.field}: ${sentence}`);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

// Characters a terminal acts on rather than shows: C0 controls (line breaks included, tab aside), DEL, C1 controls,
// and the bidirectional embeddings, overrides and isolates that reorder what follows them.
const TERMINAL_CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * `text` as the terminal should show it: every control character written as `\u001b` (so a value echoed in a message,
 * `--locale $'en\e[2J'`, can neither clear the screen, reorder the line nor split it in two).
 */
export function printable(text: string): string {
  return text.replace(TERMINAL_CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
