/**
 * How failed logins slow further attempts down for one key (an account or a client address). Failures are forgiven
 * one per `maxMs` without attempts, so typos spread over a working day never add up to a wait, and a persistent
 * guesser settles at one try per `maxMs`.
 */
export interface BackoffPolicy {
  /** Failures allowed before any wait. */
  readonly free: number;
  /** The first wait, in milliseconds; each further failure doubles it. */
  readonly baseMs: number;
  /** The longest wait, and the time after which one failure is forgiven, in milliseconds. */
  readonly maxMs: number;
}

export interface LoginThrottleConfig {
  /**
   * Failures from one client address, whatever the account (default: 10 free, then 1 s doubling up to 5 min). Guessing
   * from one place soon slows to 12 tries an hour; it only ever delays that address.
   */
  readonly address?: BackoffPolicy;
  /**
   * Failures on one account, whatever the address (default: 5 free, then 1 s doubling up to 30 s). Guessing one
   * password from many addresses stays slow, while the account's owner, typing the right password from anywhere,
   * waits at most the cap: this key never locks anyone out for long.
   */
  readonly account?: BackoffPolicy;
  /** Most keys remembered; beyond it the least recently used are forgotten first (default 10,000). */
  readonly maxKeys?: number;
  /** Milliseconds since the epoch; tests pass a clock. */
  readonly now?: () => number;
}

/** What `attempt` decided: go ahead (report a success with `succeeded(ticket)`) or wait `retryAfterMs`. */
export type LoginVerdict =
  | { readonly allowed: true; readonly ticket: LoginTicket }
  | { readonly allowed: false; readonly retryAfterMs: number };

/** The keys an allowed attempt was counted against. */
export interface LoginTicket {
  readonly account: string;
  readonly address: string;
}

interface Failures {
  /** Failures not forgiven yet. */
  count: number;
  /** When the last counted attempt began (ms); waits are measured from it. */
  last: number;
  /** Forgiving runs from here (ms): one failure per policy `maxMs`. */
  since: number;
}

export const DEFAULT_ADDRESS_BACKOFF: BackoffPolicy = { free: 10, baseMs: 1000, maxMs: 5 * 60_000 };
export const DEFAULT_ACCOUNT_BACKOFF: BackoffPolicy = { free: 5, baseMs: 1000, maxMs: 30_000 };

/** The wait after `count` failures: none while free, then `baseMs · 2^(count − free − 1)` up to `maxMs`. */
export function backoffMs(policy: BackoffPolicy, count: number): number {
  if (count <= policy.free) return 0;
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(0, count - policy.free - 1), 30));
}

/**
 * Failed-login limits per account and per client address, with exponential backoff instead of a fixed lock-out. An
 * attempt is counted as a failure when it starts and taken back when it succeeds, and the decision is synchronous,
 * so a burst of parallel guesses cannot all slip through before the first one fails. State is in memory: a restart
 * forgets it, which costs an attacker the restart and nobody else anything.
 */
export class LoginThrottle {
  readonly #address: BackoffPolicy;
  readonly #account: BackoffPolicy;
  readonly #maxKeys: number;
  readonly #now: () => number;
  /** Keyed `a:<account>` and `ip:<address>`; insertion order is least recently used first. */
  readonly #keys = new Map<string, Failures>();

  constructor(config: LoginThrottleConfig = {}) {
    this.#address = config.address ?? DEFAULT_ADDRESS_BACKOFF;
    this.#account = config.account ?? DEFAULT_ACCOUNT_BACKOFF;
    this.#maxKeys = Math.max(2, config.maxKeys ?? 10_000);
    this.#now = config.now ?? Date.now;
  }

  /**
   * Whether a login for `name` from `address` may be checked now. When allowed, it is counted as a failure of both
   * keys until `succeeded` says otherwise; when refused, nothing is counted.
   */
  attempt(name: string, address: string): LoginVerdict {
    const now = this.#now();
    const ticket: LoginTicket = { account: `a:${name.trim().toLowerCase()}`, address: `ip:${address}` };
    const keys = [
      [ticket.account, this.#account],
      [ticket.address, this.#address],
    ] as const;
    const wait = Math.max(...keys.map(([key, policy]) => this.#waitMs(key, policy, now)));
    if (wait > 0) return { allowed: false, retryAfterMs: wait };
    for (const [key, policy] of keys) {
      const failures = this.#keys.get(key) ?? { count: 0, last: now, since: now };
      const forgiven = Math.floor((now - failures.since) / policy.maxMs);
      failures.count = Math.max(0, failures.count - forgiven);
      failures.since = failures.count === 0 ? now : failures.since + forgiven * policy.maxMs;
      failures.count += 1;
      failures.last = now;
      this.#touch(key, failures);
    }
    return { allowed: true, ticket };
  }

  /** The attempt behind `ticket` logged in: the account starts afresh; the address keeps its earlier failures. */
  succeeded(ticket: LoginTicket): void {
    this.#keys.delete(ticket.account);
    const client = this.#keys.get(ticket.address);
    if (client) client.count = Math.max(0, client.count - 1);
  }

  #waitMs(key: string, policy: BackoffPolicy, now: number): number {
    const failures = this.#keys.get(key);
    return failures ? failures.last + backoffMs(policy, failures.count) - now : 0;
  }

  #touch(key: string, failures: Failures): void {
    this.#keys.delete(key);
    this.#keys.set(key, failures);
    for (const oldest of this.#keys.keys()) {
      if (this.#keys.size <= this.#maxKeys) break;
      this.#keys.delete(oldest);
    }
  }
}
