import type { Request } from 'express';
import { AppError, ConflictError } from '../../core/errors.ts';

/**
 * Optimistic concurrency over HTTP: a translation's ETag is its revision (`"r7"`), a write names the revision it read
 * in `If-Match`. Missing or `*`: 428; another revision, or a value that names none: 412 (the service's own stale-revision refusal becomes a 412 too, for a
 * change that lands between the check and the write). Each refusal names the ETag the translation has now (its
 * sentence and the problem's `etag` member, api/problem.ts), so a client knows the form and the value a GET gives.
 */

const ETAG = /^"r(\d{1,15})"$/;

/** The pattern of a revision ETag, as the OpenAPI document declares it for ETag and If-Match. */
export const ETAG_PATTERN = '^"r\\d+"$';

/** The ETag of a translation at `revision`. */
export function revisionEtag(revision: number): string {
  return `"r${revision}"`;
}

/**
 * The revision `If-Match` names, for a translation now at revision `current` (named in the refusals).
 * @throws AppError `precondition-required` (428) when it is missing or `*`: a write must name the revision it read, and
 *   `*` ("any") names none
 * @throws AppError `precondition-failed` (412, `revision.unmatched`) when it is present but no ETag this API made, a
 *   weak one included: RFC 9110 §13.1.1 compares If-Match strongly, so such a value can match no revision
 */
export function ifMatchRevision(req: Request, current: number): number {
  const raw = req.get('if-match')?.trim();
  const etag = revisionEtag(current);
  if (!raw || raw === '*') {
    throw new AppError('precondition-required', `api: writes to a translation need If-Match with the ETag you read (now ${etag})`, {
      reason: 'revision.required',
      params: { etag },
    });
  }
  const match = ETAG.exec(raw);
  if (!match) {
    throw new AppError(
      'precondition-failed',
      `api: If-Match ${JSON.stringify(raw.slice(0, 40))} is no revision ETag of this API; send one such as ${etag}`,
      { reason: 'revision.unmatched', params: { etag } },
    );
  }
  return Number(match[1]);
}

/** The 412 for a write whose If-Match names `sent` while the translation is at `current`. */
export function staleRevision(sent: number, current: number, cause?: unknown): AppError {
  const etag = revisionEtag(current);
  return new AppError('precondition-failed', `api: If-Match names revision ${sent} but the translation is at ${current} (${etag})`, {
    cause,
    reason: 'revision.stale',
    params: { current, etag },
  });
}

/** Run a service write that got `sent` as its base revision; its stale-revision conflict becomes a 412. */
export async function withRevision<T>(sent: number, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ConflictError && error.reason === 'translation.stale-revision') {
      const current = (error.current as { revision?: unknown } | undefined)?.revision;
      throw staleRevision(sent, typeof current === 'number' ? current : -1, error);
    }
    throw error;
  }
}
