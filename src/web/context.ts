import type { Logger } from 'pino';
import type { SessionRecord } from '../core/ports/user-store.ts';
import type { User } from '../services/auth.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    /** What the web middleware puts on `res.locals` for every request that reaches a route. */
    interface Locals {
      /** The logged-in user, when there is one. */
      user?: User;
      session?: SessionRecord;
      /** Token every form post and fetch of this request's page must send back (`_csrf` field or `x-csrf-token`). */
      csrfToken?: string;
      /** Request-scoped logger carrying the request id. */
      log?: Logger;
      requestId?: string;
    }
  }
}
