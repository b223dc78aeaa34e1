/** One request to a Tandem server's REST API (`/api/v1`). */
export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path under `/api/v1`, already encoded, e.g. `/users/kim/access`. */
  readonly path: string;
  /** Query parameters; undefined values are left out, a list repeats the name (`?slug=a&slug=b`). */
  readonly query?: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** A JSON body. */
  readonly body?: unknown;
}

/** A successful answer: its status (2xx) and its JSON body (undefined for 204), or its text when it is a file (TMX, XLIFF). */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

/**
 * A Tandem server's REST API, called with a bearer token (the command line beside a running server, or pointed at a
 * remote one with TANDEM_URL and TANDEM_TOKEN).
 */
export interface ApiClient {
  /** The server's origin, e.g. `http://127.0.0.1:3000`, for messages. */
  readonly url: string;
  /**
   * Send one request. Resolves to a 2xx answer. Throws the error a problem document stands for (core/problem-types.ts,
   * with the server's one-line message), an AppError `unauthenticated` (reason `remote.token`) when the token is
   * refused, and an AppError `unavailable` (reason `remote.unreachable`) when the server does not answer.
   */
  request(request: ApiRequest): Promise<ApiAnswer>;
  /** Whether a Tandem server answers at the URL (its `/healthz`, within a second or two); never throws. */
  alive(): Promise<boolean>;
}
