import { EventEmitter } from 'node:events';
import type { ChangeEvent, ChangeFeed, ChangeListener } from '../../core/ports/change-feed.ts';

/**
 * The change feed within one process (an EventEmitter). Listeners run synchronously in `publish`; one that throws is
 * reported to `onError` and the others still get the event. Events are frozen copies made once through JSON, so a
 * listener sees exactly what a feed between processes would carry and cannot change what the next one sees.
 */
export class InProcessChangeFeed implements ChangeFeed {
  readonly #emitter = new EventEmitter();
  readonly #onError: (error: unknown) => void;

  constructor(config: { readonly onError?: (error: unknown) => void } = {}) {
    // Every open page is one listener; the default warning at 10 is about leaks in code with few listeners.
    this.#emitter.setMaxListeners(0);
    this.#onError = config.onError ?? (() => undefined);
  }

  publish(event: ChangeEvent): void {
    // A process nobody watches (an MT worker) publishes an event for each draft: no copy for no one.
    if (this.#emitter.listenerCount('change') === 0) return;
    const copy = Object.freeze(JSON.parse(JSON.stringify(event)) as ChangeEvent);
    for (const listener of this.#emitter.listeners('change') as ChangeListener[]) {
      try {
        listener(copy);
      } catch (error) {
        this.#onError(error);
      }
    }
  }

  /** Nothing is held beyond the listeners, which stay subscribed. */
  async close(): Promise<void> {}

  subscribe(listener: ChangeListener): () => void {
    this.#emitter.on('change', listener);
    return () => {
      this.#emitter.off('change', listener);
    };
  }
}
