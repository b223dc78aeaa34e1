import { ConfigError, NotFoundError } from '../core/errors.ts';
import type { ServerFile, ServerFileStore } from '../core/ports/server-file.ts';
import { type ApiTokenService, MAX_TOKEN_DAYS } from './api-tokens.ts';
import type { UserService } from './users.ts';

/** The name of the token a server mints for the command line beside it (shown in `tandem tokens list`). */
export const LOCAL_TOKEN_NAME = 'tandem serve: local command line';

export interface LocalAccessDeps {
  readonly tokens: ApiTokenService;
  readonly users: UserService;
  readonly file: ServerFileStore;
  /** This process's id, written into the file. */
  readonly pid: number;
  readonly now?: () => Date;
}

/**
 * The command line's way into a running server, the way `docker` finds its daemon: at start the server mints a local
 * admin API token (revoking the one of its previous start) and leaves its address and the token in the data
 * directory's server file; at a clean stop it revokes the token and removes the file. After a crash the file stays
 * behind with a token that works only until the next start, and only for someone who can read the data directory.
 */
export class LocalAccessService {
  readonly #deps: LocalAccessDeps;
  #current: ServerFile | null = null;

  constructor(deps: LocalAccessDeps) {
    this.#deps = deps;
  }

  /**
   * Revoke the previous local token (the one the old server file names), mint a new one for the first admin and write the server file for `url`.
   * Resolves to what was written.
   * @throws ConfigError when there is no admin account (serve creates one before this)
   */
  async start(url: string): Promise<ServerFile> {
    const { tokens, users, file } = this.#deps;
    // Only the token this data directory's file names: several servers may share one database (PostgreSQL), each
    // with its own data directory and local token, and one starting must not cut off the command line of another.
    const previous = await file.read();
    if (previous) {
      await tokens.revoke(previous.tokenId, 'operator').catch((error: unknown) => {
        if (!(error instanceof NotFoundError)) throw error;
      });
    }
    const admin = (await users.list()).find((u) => u.role === 'admin');
    if (!admin) throw new ConfigError('serve: no admin account to give the local command line a token; add one with tandem users add');
    const { secret, token } = await tokens.create({ owner: admin, name: LOCAL_TOKEN_NAME, expiresInDays: MAX_TOKEN_DAYS });
    const written: ServerFile = {
      url,
      token: secret,
      tokenId: token.id,
      pid: this.#deps.pid,
      startedAt: (this.#deps.now?.() ?? new Date()).toISOString(),
    };
    await file.write(written);
    this.#current = written;
    return written;
  }

  /** Revoke this start's token and remove the server file (a clean shutdown); nothing when start never ran. */
  async stop(): Promise<void> {
    const current = this.#current;
    if (!current) return;
    this.#current = null;
    await this.#deps.file.remove();
    await this.#deps.tokens.revoke(current.tokenId, 'operator');
  }
}
