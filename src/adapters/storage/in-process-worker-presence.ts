import type { MtWorkerPresence } from '../../core/ports/mt-store.ts';

/**
 * Worker presence of a store one process owns (in memory, a lowdb data directory): the workers are this process's, so a
 * count suffices; a dead process takes its workers and its count with it.
 */
export class InProcessWorkerPresence implements MtWorkerPresence {
  #workers = 0;

  async announce(): Promise<{ release(): Promise<void> }> {
    this.#workers++;
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        this.#workers--;
      },
    };
  }

  async present(): Promise<boolean> {
    return this.#workers > 0;
  }
}
