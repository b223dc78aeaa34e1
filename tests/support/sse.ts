import type { Client } from '../web/helpers.ts';

/** One Server-Sent Event as a browser's EventSource would dispatch it. */
export interface SseEvent {
  readonly type: string;
  /** The parsed JSON of the event's data lines. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read the fields they expect, as live.js does.
  readonly data: any;
}

export interface SseReader {
  readonly response: Response;
  /** The next event (after those already taken) that is of `type` and passes `match`; events skipped are dropped. */
  // biome-ignore lint/suspicious/noExplicitAny: as SseEvent.data.
  next(type: string, match?: (data: any) => boolean): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Open an event stream as `client` (its session cookie) and parse it as the EventSource spec does: blocks split by a
 * blank line, `event:` and `data:` fields, comment lines (`:`) ignored. Waits on the stream itself, never on a clock.
 */
export async function openSse(client: Client, path: string, headers: Record<string, string> = {}): Promise<SseReader> {
  const response = await client.request('GET', path, { headers: { accept: 'text/event-stream', ...headers } });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let buffer = '';
  let done = false;
  const pull = async (): Promise<boolean> => {
    if (done) return false;
    const chunk = await reader.read();
    if (chunk.done) {
      done = true;
      return false;
    }
    buffer += chunk.value;
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') type = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0) events.push({ type, data: JSON.parse(data.join('\n')) });
    }
    return true;
  };
  return {
    response,
    async next(type, match = () => true) {
      for (;;) {
        const at = events.findIndex((e) => e.type === type && match(e.data));
        if (at !== -1) return events.splice(0, at + 1).at(-1)!;
        if (!(await pull())) throw new Error(`sse: the stream ended before a "${type}" event came`);
      }
    },
    async ended() {
      while (await pull());
    },
    async close() {
      done = true;
      await reader.cancel().catch(() => undefined);
    },
  };
}
