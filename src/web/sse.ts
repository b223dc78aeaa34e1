import type { Request, Response } from 'express';

/** Open Server-Sent Event streams: limits per session, heartbeats, and ending them all at shutdown. */
export interface SseConfig {
  /** A comment line this often keeps proxies from closing a quiet stream (default 25 s). */
  readonly heartbeatMs?: number;
  /** Streams one session may hold open; opening one more ends its oldest (default 6, a browser's connection limit). */
  readonly maxPerSession?: number;
  /** How long a browser waits before reconnecting a dropped stream, in ms (default 3 s). */
  readonly retryMs?: number;
}

/** One open stream to one browser page. */
export interface SseStream {
  /** Send one event: `type` names it, `data` goes as one line of JSON. Nothing happens once the stream ended. */
  send(type: string, data: unknown): void;
  /** Run `cleanup` once when the stream ends, whoever ends it (the browser, the cap, shutdown). */
  onClose(cleanup: () => void): void;
  /** End the stream from the server's side. */
  close(): void;
}

/** The registry of open streams of one app. */
export class SseStreams {
  readonly #heartbeatMs: number;
  readonly #maxPerSession: number;
  readonly #retryMs: number;
  /** Session id → its streams, oldest first. */
  readonly #bySession = new Map<string, SseStream[]>();
  readonly #all = new Set<SseStream>();

  constructor(config: SseConfig = {}) {
    this.#heartbeatMs = config.heartbeatMs ?? 25_000;
    this.#maxPerSession = config.maxPerSession ?? 6;
    this.#retryMs = config.retryMs ?? 3_000;
  }

  /** How many streams are open. */
  get size(): number {
    return this.#all.size;
  }

  /**
   * Answer `res` with an event stream held under `session`: no caching, no proxy buffering, headers sent at once. The
   * stream ends when the browser goes away, when the session opens more than its share, at `closeAll`, or at a
   * heartbeat when `stillAllowed` says no (the person logged out or the session expired).
   */
  open(req: Request, res: Response, session: string, stillAllowed?: () => Promise<boolean>): SseStream {
    res.status(200);
    res.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: a proxy must not compress (and so buffer) the stream.
      'Cache-Control': 'no-store, no-transform',
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
    res.flushHeaders();
    req.socket.setNoDelay(true);
    // The id makes a reconnecting browser send Last-Event-ID, so the server knows it may have missed events.
    res.write(`retry: ${this.#retryMs}\nid: 1\n\n`);
    let open = true;
    const cleanups: (() => void)[] = [];
    const heartbeat = setInterval(() => {
      res.write(': ping\n\n');
      stillAllowed?.().then(
        (allowed) => allowed || stream.close(),
        () => stream.close(),
      );
    }, this.#heartbeatMs);
    heartbeat.unref();
    const stream: SseStream = {
      send: (type, data) => {
        if (open) res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
      },
      onClose: (cleanup) => {
        if (open) cleanups.push(cleanup);
        else cleanup();
      },
      close: () => {
        if (open) res.end();
        end();
      },
    };
    const end = () => {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      this.#all.delete(stream);
      const mine = (this.#bySession.get(session) ?? []).filter((s) => s !== stream);
      if (mine.length === 0) this.#bySession.delete(session);
      else this.#bySession.set(session, mine);
      for (const cleanup of cleanups.splice(0)) cleanup();
    };
    res.on('close', end);
    this.#all.add(stream);
    const mine = [...(this.#bySession.get(session) ?? []), stream];
    this.#bySession.set(session, mine);
    for (const old of mine.slice(0, Math.max(0, mine.length - this.#maxPerSession))) old.close();
    return stream;
  }

  /** End every open stream (shutdown: an open stream would otherwise hold the server open). */
  closeAll(): void {
    for (const stream of [...this.#all]) stream.close();
  }
}
