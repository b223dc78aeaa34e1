import { AppError } from '../core/errors.ts';

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

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
