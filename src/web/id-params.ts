import { z } from 'zod';
import { TOKEN_ID_PATTERN } from '../services/api-tokens.ts';
import { MEMORY_ENTRY_ID_PATTERN } from '../services/memory-shared.ts';
import { USER_NAME_PATTERN } from '../services/users.ts';

/**
 * Ids in a route's path, checked against the form their service makes them in: one that cannot be an id is refused
 * as input (400, naming the parameter), one of the right form that names nothing is the service's 404. Without the
 * check a NUL or a 64-character name read as "no such user", which sends a client looking for a user, not a typo.
 */

/** A user's login name, as users.ts parseUserName takes it (trimmed and lower-cased before the check). */
export const userNameParam = z
  .string()
  .max(64)
  .refine((name) => USER_NAME_PATTERN.test(name.trim().toLowerCase()));

/** An API token's id (`t-…`), never its secret. */
export const tokenIdParam = z.string().regex(TOKEN_ID_PATTERN);

/** A translation-memory entry's id (`tm-…`). */
export const memoryEntryIdParam = z.string().regex(MEMORY_ENTRY_ID_PATTERN);
