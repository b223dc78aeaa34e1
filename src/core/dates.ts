import { z } from 'zod';
import { ValidationError } from './errors.ts';

const IsoDay = z.iso.date();

/**
 * A calendar day as ISO 8601 `YYYY-MM-DD` (`2026-11-30`), checked against the calendar (`2026-13-45` and `2026-02-30`
 * are refused). Returns the day unchanged; throws ValidationError naming `what` otherwise.
 */
export function parseIsoDay(raw: string, what = 'date'): string {
  const day = raw.trim();
  if (IsoDay.safeParse(day).success) return day;
  throw new ValidationError(`${what}: "${raw.slice(0, 40)}" is not a calendar day written YYYY-MM-DD (e.g. 2026-11-30)`, [], {
    problems: [{ code: 'day', values: { value: raw.slice(0, 40) } }],
  });
}
