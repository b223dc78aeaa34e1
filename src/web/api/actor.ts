import type { Response } from 'express';
import { z } from 'zod';
import { ForbiddenError } from '../../core/errors.ts';
import { firstNonTextChar } from '../../core/text.ts';
import type { User } from '../../services/auth.ts';

/** As the command line's `--by` (cli/options.ts): what every history view and log line shows in one line. */
const MAX_ACTOR = 64;
const LAYOUT = /[\t\n\r\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/**
 * The optional `actor` of a write the command line sends for its `--by` (import, publish…): who the history names.
 * Only an administrator's token may send it (see `actorOf`).
 */
export const ActorField = z
  .string()
  .transform((name) => name.normalize('NFC').trim())
  .refine((name) => [...name].length >= 1 && [...name].length <= MAX_ACTOR, { error: `expected 1 to ${MAX_ACTOR} characters` })
  .refine((name) => !firstNonTextChar(name) && !LAYOUT.test(name), { error: 'expected one line of text' })
  .optional()
  .describe(
    'Who the history names instead of the token’s owner (the command line’s `--by`). Only an administrator may name someone else: the local token `tandem serve` leaves for the command line beside it is one. Anyone else is refused (403), never silently recorded under their own name.',
  );

/**
 * Who a write is recorded as: the caller, or the `actor` it names when the caller is an administrator (a bearer token
 * of an admin, the server file's local token among them). Naming another actor is delegation an administrator may
 * grant anyway (they manage every account); to anyone else it would be impersonation, so it is refused rather than
 * ignored. The log line keeps both the actor and the account whose token acted, as the history has one name only.
 */
export function actorOf(user: User, res: Response, actor: string | undefined): string {
  if (actor === undefined || actor === user.name) return user.name;
  if (user.role !== 'admin') {
    throw new ForbiddenError(
      `api: only an administrator's token may act on behalf of "${actor}"; leave out actor (--by) to act as ${user.name}`,
      'forbidden',
      {
        reason: 'role.forbidden',
      },
    );
  }
  res.locals.log?.info({ actor, account: user.name, tokenId: res.locals.apiPrincipal?.tokenId }, 'api: acting on behalf of another person');
  return actor;
}
