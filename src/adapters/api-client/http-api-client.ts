import { AppError } from '../../core/errors.ts';
import type { ApiAnswer, ApiClient, ApiRequest } from '../../core/ports/api-client.ts';
import { errorOfProblem } from '../../core/problem-types.ts';

export interface HttpApiClientConfig {
  /** The server's origin with an optional path prefix, e.g. `http://127.0.0.1:3000` or `https://tandem.example.org/x`. */
  readonly url: string;
  /** The bearer token (`tdm_…`). */
  readonly token: string;
  /** Where the token came from, named when the server refuses it (`TANDEM_TOKEN`, the server file). */
  readonly tokenSource: string;
  /** Milliseconds a request may take (default 5 minutes: a large TMX import is slow, not dead). */
  readonly timeoutMs?: number;
}

const PROBLEM_TYPE = /#problem-([a-z0-9-]+)$/;

/** The `code` of a network failure under undici's `fetch failed` (ECONNREFUSED, ENOTFOUND…), else the error's name. */
function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'no answer';
}

/** Whether an answer is a file rather than JSON: the API's exports are XML (`application/x-tmx+xml`, `application/xliff+xml`). */
function isFile(contentType: string | null): boolean {
  return contentType !== null && /^application\/[a-z0-9.+-]*xml\b/i.test(contentType);
}

/** A Tandem server's `/api/v1` over HTTP with Node's fetch, problem documents turned back into Tandem's errors. */
export class HttpApiClient implements ApiClient {
  readonly url: string;
  readonly #token: string;
  readonly #tokenSource: string;
  readonly #timeoutMs: number;

  constructor(config: HttpApiClientConfig) {
    this.url = config.url.replace(/\/+$/, '');
    this.#token = config.token;
    this.#tokenSource = config.tokenSource;
    this.#timeoutMs = config.timeoutMs ?? 300_000;
  }

  async alive(): Promise<boolean> {
    try {
      const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      return res.ok;
    } catch {
      return false;
    }
  }

  async request(request: ApiRequest): Promise<ApiAnswer> {
    const target = new URL(`${this.url}/api/v1${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      for (const one of value === undefined ? [] : typeof value === 'string' ? [value] : value) target.searchParams.append(name, one);
    }
    let res: Response;
    try {
      res = await fetch(target, {
        method: request.method,
        headers: {
          authorization: `Bearer ${this.#token}`,
          accept: 'application/json, application/problem+json',
          // The problem's `detail` in English, like every message of the command line.
          'accept-language': 'en',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new AppError(
        'unavailable',
        `remote: no answer from Tandem at ${this.url} (${networkCode(error)}); check that the server runs and the address (TANDEM_URL)`,
        { cause: error, reason: 'remote.unreachable', params: { url: this.url } },
      );
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (res.ok) {
      // A file (a TMX or XLIFF export) comes as its own media type and is handed over as text.
      if (isFile(res.headers.get('content-type'))) return { status: res.status, body: text };
      if (text !== '' && body === undefined) throw this.#notTandem(res.status);
      return { status: res.status, body };
    }
    if (res.status === 401) {
      throw new AppError(
        'unauthenticated',
        `remote: Tandem at ${this.url} refused the token of ${this.#tokenSource} (unknown, expired or revoked); make a new one on your account page (/account/tokens)`,
        { reason: 'remote.token', params: { url: this.url } },
      );
    }
    const problem = body as Record<string, unknown> | undefined;
    const type = typeof problem?.type === 'string' ? PROBLEM_TYPE.exec(problem.type)?.[1] : undefined;
    if (!problem || !type) throw this.#notTandem(res.status);
    const text1 = (key: string) => (typeof problem[key] === 'string' ? (problem[key] as string) : undefined);
    throw errorOfProblem({
      problem: type,
      message: text1('message') ?? `remote: ${text1('detail') ?? text1('title') ?? `the server answered ${res.status}`}`,
      ...(text1('code') ? { code: text1('code') } : {}),
      ...(text1('reason') ? { reason: text1('reason') } : {}),
      ...(text1('limit') ? { limit: text1('limit') } : {}),
      ...(typeof problem.max === 'number' ? { max: problem.max } : {}),
      ...(Array.isArray(problem.errors) ? { errors: problem.errors.filter((e): e is string => typeof e === 'string') } : {}),
    });
  }

  #notTandem(status: number): AppError {
    return new AppError(
      'unavailable',
      `remote: ${this.url} answered ${status} with something that is not Tandem's API; check the address (TANDEM_URL)`,
      { reason: 'remote.not-tandem', params: { url: this.url } },
    );
  }
}
