import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small DeepL API server for tests and the benchmark, speaking the parts of API v2 that deepl-node 1.28 uses:
 * `POST /v2/translate` (deepl-node sends it form-encoded; JSON bodies are accepted too), `/v2/glossaries`
 * (create, list, get, entries, delete) and `GET /v2/usage`. Its "translation" is deterministic and visibly
 * machine-made: `⟪EN-US⟫ ` + the source, XML tags untouched, glossary terms replaced by their targets.
 */

/** DeepL's limits, enforced here so tests notice a request that would be refused. */
export const MAX_BODY_BYTES = 128 * 1024;
export const MAX_TEXTS = 50;

/** `reset`: the connection is closed without an answer, as a kept-alive connection the server timed out just as it was reused. */
export type FaultKind = 400 | 429 | 456 | 403 | 500 | 503 | 'hang' | 'reset' | 'garbage' | 'short' | 'drop-tags';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The raw body as received. */
  readonly body: string;
  /** Decoded parameters (form or JSON), repeated keys as arrays. */
  readonly params: Readonly<Record<string, string[]>>;
}

interface Glossary {
  readonly id: string;
  readonly name: string;
  readonly sourceLang: string;
  readonly targetLang: string;
  readonly entries: Map<string, string>;
  readonly createdAt: string;
}

export interface FakeDeeplConfig {
  /** Keys answered with 200; any other key gets 403. Default: any key. */
  readonly acceptedKeys?: readonly string[];
  /** Delay before every answer, in ms. */
  readonly latencyMs?: number;
  readonly characterLimit?: number;
  /** Port to listen on; default: an ephemeral one. */
  readonly port?: number;
}

export class FakeDeepl {
  readonly requests: RecordedRequest[] = [];
  readonly glossaries = new Map<string, Glossary>();
  latencyMs: number;
  characterCount = 0;
  readonly #config: FakeDeeplConfig;
  readonly #faults: FaultKind[] = [];
  readonly #server: Server;
  readonly #hung = new Set<ServerResponse>();
  readonly #listeners: ((request: RecordedRequest) => void | Promise<void>)[] = [];
  #url = '';

  private constructor(config: FakeDeeplConfig) {
    this.#config = config;
    this.latencyMs = config.latencyMs ?? 0;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(error) }));
      });
    });
  }

  static async start(config: FakeDeeplConfig = {}): Promise<FakeDeepl> {
    const fake = new FakeDeepl(config);
    await new Promise<void>((resolve) => fake.#server.listen(config.port ?? 0, '127.0.0.1', resolve));
    const { port } = fake.#server.address() as AddressInfo;
    fake.#url = `http://127.0.0.1:${port}`;
    return fake;
  }

  /** Base URL to pass as deepl-node's `serverUrl`. */
  get url(): string {
    return this.#url;
  }

  /** Answer the next `count` requests with a fault instead of the normal answer. */
  failNext(kind: FaultKind, count = 1): void {
    for (let i = 0; i < count; i++) this.#faults.push(kind);
  }

  /**
   * Call `listener` with every request as soon as it is recorded, before it is answered; the answer waits for the
   * promise the listener returns. Tests use it as a gate they open (hold a request in flight until they have acted)
   * and to act when the n-th request arrives, instead of polling or adding latency. A fault queued with `failNext`
   * from inside the listener applies to this very request.
   */
  onRequest(listener: (request: RecordedRequest) => void | Promise<void>): void {
    this.#listeners.push(listener);
  }

  /** Recorded `POST /v2/translate` requests. */
  get translateRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === '/v2/translate');
  }

  /** Every text the server was asked to translate, in order. */
  get textsReceived(): string[] {
    return this.translateRequests.flatMap((r) => r.params.text ?? []);
  }

  /** The deterministic "translation" this server gives for one text. */
  static translation(text: string, targetLang: string, glossary?: ReadonlyMap<string, string>): string {
    let out = text;
    if (glossary) {
      for (const [source, target] of glossary) out = out.split(source).join(target);
    }
    return `⟪${targetLang.toUpperCase()}⟫ ${out}`;
  }

  async close(): Promise<void> {
    for (const res of this.#hung) res.destroy();
    this.#hung.clear();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.#url);
    const params = decodeParams(body, req.headers['content-type'], url.searchParams);
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body, params };
    this.requests.push(recorded);
    await Promise.all(this.#listeners.map((listener) => listener(recorded)));

    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));

    const auth = String(req.headers.authorization ?? '');
    const key = auth.startsWith('DeepL-Auth-Key ') ? auth.slice('DeepL-Auth-Key '.length) : '';
    if (!key || (this.#config.acceptedKeys && !this.#config.acceptedKeys.includes(key))) {
      return json(res, 403, { message: 'Wrong endpoint or invalid auth key' });
    }

    const fault = this.#faults.shift();
    if (fault === 'hang') {
      this.#hung.add(res);
      return;
    }
    if (fault === 'reset') {
      res.socket?.destroy();
      return;
    }
    if (typeof fault === 'number') return json(res, fault, { message: `fake fault ${fault}` });
    if (fault === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"translations": [ this is not json');
      return;
    }

    const route = `${req.method} ${url.pathname}`;
    // DeepL refuses request bodies over 128 KiB.
    if (route === 'POST /v2/translate' && Buffer.byteLength(body) > MAX_BODY_BYTES)
      return json(res, 413, { message: 'Request Entity Too Large' });
    if (route === 'POST /v2/translate') return this.#translate(res, params, fault);
    if (route === 'GET /v2/usage') {
      return json(res, 200, { character_count: this.characterCount, character_limit: this.#config.characterLimit ?? 500000 });
    }
    if (route === 'POST /v2/glossaries') return this.#createGlossary(res, params);
    if (route === 'GET /v2/glossaries') return json(res, 200, { glossaries: [...this.glossaries.values()].map(glossaryInfo) });
    const match = url.pathname.match(/^\/v2\/glossaries\/([\w-]+)(\/entries)?$/);
    if (match) {
      const glossary = this.glossaries.get(match[1] ?? '');
      if (!glossary) return json(res, 404, { message: 'Glossary not found' });
      if (req.method === 'DELETE' && !match[2]) {
        this.glossaries.delete(glossary.id);
        res.writeHead(204).end();
        return;
      }
      if (req.method === 'GET' && match[2]) {
        res.writeHead(200, { 'content-type': 'text/tab-separated-values' });
        res.end([...glossary.entries].map(([s, t]) => `${s}\t${t}`).join('\n'));
        return;
      }
      if (req.method === 'GET') return json(res, 200, glossaryInfo(glossary));
    }
    json(res, 404, { message: `fake DeepL: no route ${route}` });
  }

  #translate(res: ServerResponse, params: Record<string, string[]>, fault: FaultKind | undefined): void {
    const texts = params.text ?? [];
    const target = params.target_lang?.[0];
    if (!target || texts.length === 0) return json(res, 400, { message: 'Parameter "text" and "target_lang" are required' });
    if (texts.length > MAX_TEXTS) return json(res, 413, { message: 'Too many texts' });
    if (texts.some((t) => t === '')) return json(res, 400, { message: 'Empty text' });
    const glossaryId = params.glossary_id?.[0];
    const glossary = glossaryId ? this.glossaries.get(glossaryId) : undefined;
    if (glossaryId && !glossary) return json(res, 404, { message: 'Glossary not found' });
    const formality = params.formality?.[0];
    if (formality && !['default', 'prefer_more', 'prefer_less'].includes(formality) && /^(EN|KO|ZH)/i.test(target)) {
      return json(res, 400, { message: `'formality' is not supported for target_lang ${target}` });
    }
    let translations = texts.map((text) => {
      const translated = FakeDeepl.translation(text, target, glossary?.entries);
      const billed = [...text].length;
      this.characterCount += billed;
      return { detected_source_language: params.source_lang?.[0] ?? 'KO', text: translated, billed_characters: billed };
    });
    if (fault === 'short') translations = translations.slice(0, -1);
    if (fault === 'drop-tags') translations = translations.map((t) => ({ ...t, text: t.text.replace(/<[^>]+>/g, '') }));
    json(res, 200, { translations });
  }

  #createGlossary(res: ServerResponse, params: Record<string, string[]>): void {
    const name = params.name?.[0];
    const sourceLang = params.source_lang?.[0];
    const targetLang = params.target_lang?.[0];
    const format = params.entries_format?.[0];
    const raw = params.entries?.[0];
    if (!name || !sourceLang || !targetLang || format !== 'tsv' || raw === undefined) {
      return json(res, 400, { message: 'fake DeepL: name, source_lang, target_lang, entries_format=tsv and entries are required' });
    }
    const entries = new Map<string, string>();
    for (const [index, line] of raw.split('\n').entries()) {
      if (line === '') continue;
      const fields = line.split('\t');
      const refused =
        fields.length !== 2
          ? 'must hold one source and one target term separated by one tab'
          : glossaryTermFault(fields[0]!, fields[1]!, entries);
      if (refused) return json(res, 400, { message: 'Invalid glossary entries provided', detail: `Entry ${index + 1} ${refused}` });
      entries.set(fields[0]!, fields[1]!);
    }
    if (entries.size === 0) return json(res, 400, { message: 'Invalid glossary entries provided', detail: 'No entries' });
    const glossary: Glossary = { id: randomUUID(), name, sourceLang, targetLang, entries, createdAt: new Date().toISOString() };
    this.glossaries.set(glossary.id, glossary);
    json(res, 201, glossaryInfo(glossary));
  }
}

// What DeepL refuses in a glossary entry, answering 400 for the whole glossary: empty terms, control characters
// (tabs and line breaks included), white space at either end or other than U+0020 inside (the ideographic space
// U+3000), invisible code points (a zero-width space U+200B kept inside a term), and a source term given twice. Written
// here independently of src/core/segment-text.ts so the fake stays a check on it, not a copy.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\u3164\u115F\u1160\uFFA0]/u;
function glossaryTermFault(source: string, target: string, seen: ReadonlyMap<string, string>): string | null {
  for (const [side, term] of [
    ['source', source],
    ['target', target],
  ] as const) {
    if (term === '') return `has an empty ${side} term`;
    if (/[\p{Cc}\u2028\u2029]/u.test(term)) return `has a control character in its ${side} term`;
    if (/^\s|\s$/u.test(term)) return `has white space at the edge of its ${side} term`;
    if (/(?! )\p{White_Space}/u.test(term)) return `has invalid white space in its ${side} term`;
    if (INVISIBLE.test(term)) return `contains invalid characters in its ${side} term`;
  }
  if (seen.has(source)) return 'duplicates an earlier source term';
  return null;
}

function glossaryInfo(g: Glossary): Record<string, unknown> {
  return {
    glossary_id: g.id,
    name: g.name,
    ready: true,
    source_lang: g.sourceLang.toLowerCase(),
    target_lang: g.targetLang.toLowerCase(),
    creation_time: g.createdAt,
    entry_count: g.entries.size,
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function decodeParams(body: string, contentType: string | undefined, query: URLSearchParams): Record<string, string[]> {
  const params: Record<string, string[]> = {};
  const add = (key: string, value: string) => (params[key] ??= []).push(value);
  for (const [key, value] of query) add(key, value);
  if (!body) return params;
  if (contentType?.includes('application/json')) {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    for (const [key, value] of Object.entries(parsed)) {
      for (const v of Array.isArray(value) ? value : [value]) add(key, String(v));
    }
    return params;
  }
  for (const [key, value] of new URLSearchParams(body)) add(key, value);
  return params;
}
