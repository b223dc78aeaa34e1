/**
 * Background duties that must run in one process at a time, whichever instance that is: polling the source feed and
 * reconciling the translation memory with the approved translations. (The MT queue needs no such lock: its claims
 * use `FOR UPDATE SKIP LOCKED` and leases, so any number of workers share it.)
 */
export const DUTIES = ['feed', 'memory-reconcile', 'first-start'] as const;
export type Duty = (typeof DUTIES)[number];

/** A duty this process holds until `release()`, or until `lost` resolves (its database session ended). */
export interface DutyLease {
  /** Resolves when the lock was lost without a release (the connection broke): stop the duty, then try again. */
  readonly lost: Promise<void>;
  /** Give the duty up; safe to call more than once. */
  release(): Promise<void>;
}

/** Who may run a duty now; one per process. */
export interface DutyLocks {
  /**
   * Take `duty` for this process: null when another process holds it (at once), or, with `wait`, once it is free.
   * Throws what the database reports when it cannot be reached.
   */
  hold(duty: Duty, options?: { readonly wait?: boolean }): Promise<DutyLease | null>;
}

/**
 * The duties of a process that owns its data alone (lowdb's data directory lock, or nothing kept): it holds every
 * duty, always.
 */
export const soleProcessDuties: DutyLocks = {
  async hold() {
    return { lost: new Promise<void>(() => undefined), release: async () => undefined };
  },
};
