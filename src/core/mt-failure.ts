import { MtError, MtRateLimitError } from './errors.ts';
import type { MtFailureReason } from './ports/mt-store.ts';

/**
 * The stable reason of a failed provider request, from the MtError its provider threw (see `MT_FAILURE_REASONS`):
 * what the queue keeps and the UI translates, so no provider's wording reaches a person.
 */
export function mtFailureReason(error: unknown): MtFailureReason {
  if (error instanceof MtRateLimitError || (error instanceof MtError && error.status === 429)) return 'rate-limited';
  if (!(error instanceof MtError)) return 'unknown';
  if (error.status !== undefined && error.status >= 500) return 'unavailable';
  if (error.code === 'mt-timeout') return 'timeout';
  if (error.code === 'mt-connection') return 'connection';
  if (error.code === 'mt-malformed') return 'malformed';
  if (error.status !== undefined && error.status >= 400) return 'refused';
  return error.code === 'mt-bad-request' || error.code === 'mt-glossary-refused' ? 'refused' : 'unknown';
}
