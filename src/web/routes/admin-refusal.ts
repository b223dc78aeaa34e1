import type { Request } from 'express';
import { AppError, type ErrorReason, FormatParseError, LimitError, ValidationError } from '../../core/errors.ts';
import { userMessage } from '../error-messages.ts';
import type { FormRefusal } from '../views/admin/parts.ts';

// Reasons that sum up several problems (each line of a file, each refused cell), listed after their sentence.
const SUMMARY_REASONS: ReadonlySet<ErrorReason> = new Set(['glossary.bad-rows', 'glossary.bad-entry']);

/**
 * The refusal of a form on the glossary, memory and confidential pages as its user reads it, or null for an error that
 * is not about what they sent (the error middleware's): a ValidationError's coded problems through
 * `<ns>:problems.<code>` (a file's line first), a malformed file, an upload over its limit. The typed input is kept by
 * the caller, which shows the page again with it.
 */
export function formRefusal(req: Request, ns: string, error: unknown): FormRefusal | null {
  const t = req.t;
  if (error instanceof ValidationError) {
    const problems = error.problems.map((p) => {
      const sentence = t([`${ns}:problems.${p.code}`, 'admin:problems.other'], { ...p.values });
      return p.line === undefined ? sentence : t('admin:atLine', { line: p.line, problem: sentence });
    });
    const message = userMessage(error, t, req.language);
    // Without coded problems the error's own sentence says it all; with them, each is worded by the page's namespace,
    // under the sentence that sums them up (lines of a file, a refused cell) or the page's "not changed".
    if (problems.length === 0 && message) return { message };
    const lead = message && error.reason && SUMMARY_REASONS.has(error.reason) ? message : t(`${ns}:refused`);
    return { message: lead, problems: problems.length ? problems : [t('admin:problems.other')] };
  }
  if (error instanceof FormatParseError) {
    return {
      message: t(`${ns}:refused`),
      problems: [error.line === undefined ? t('admin:unreadable') : t('admin:unreadableAt', { line: error.line })],
    };
  }
  if (error instanceof LimitError) return { message: userMessage(error, t, req.language) ?? t('admin:tooLarge') };
  if (error instanceof AppError && error.code === 'too-large')
    return { message: userMessage(error, t, req.language) ?? t('admin:tooLarge') };
  return null;
}
