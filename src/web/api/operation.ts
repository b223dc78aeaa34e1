import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../core/errors.ts';
import type { Permission } from '../../core/roles.ts';
import type { User } from '../../services/auth.ts';
import { requestFingerprint, type StoredAnswer } from '../../services/idempotency.ts';
import type { AppDeps } from '../deps.ts';
import { requireService } from '../guards.ts';
import { validated } from '../validate.ts';
import type { PathLocaleScope } from '../locale-input.ts';
import { apiGuard } from './auth.ts';
import { CSRF_FIELD } from '../csrf.ts';

/** What a handler answers: status (default 200), a JSON body (none for 204) and headers (Location, ETag). */
export interface ApiAnswer {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a handler gets: the validated input, the caller and the app's services. */
export interface ApiCall<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly user: User;
  readonly deps: AppDeps;
  readonly req: Request;
  readonly res: Response;
}

/** One documented response of an operation. */
export interface ApiResponseSpec {
  readonly description: string;
  /** The JSON body's shape; none for 204 and for answers without a body. */
  readonly schema?: z.ZodType;
}

/**
 * One API operation: its route, guard, input schemas (which validate requests and are the OpenAPI document's
 * source), documented answers and handler. The API router and the OpenAPI document are both built from the list
 * of these, so they cannot drift apart.
 */
export interface ApiOperation {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  /** Express path under `/api/v1`, e.g. `/articles/:slug`. */
  readonly path: string;
  /** OpenAPI operationId, camelCase and unique. */
  readonly id: string;
  readonly summary: string;
  /** Groups operations in the document (`articles`, `translations`…). */
  readonly tag: string;
  readonly permission: Permission;
  /** The route acts on its `:locale` (see apiGuard). */
  readonly locale?: boolean;
  /** What its `:locale` may name: a target locale (default), or `published`, the source locale too (apiGuard). */
  readonly pathLocales?: PathLocaleScope;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** A write to a translation: If-Match with its ETag is required (428 without, 412 when stale). */
  readonly ifMatch?: boolean;
  /** Its 2xx answers carry the translation's ETag (`"r<revision>"`); implied by `ifMatch`. */
  readonly etag?: boolean;
  /** Honours `Idempotency-Key` (imports, publishes). */
  readonly idempotent?: boolean;
  /** Documented answers by status; error answers (problem documents) are added by the document builder. */
  readonly responses: Readonly<Record<number, ApiResponseSpec>>;
  readonly handle: (call: ApiCall<never, never, never>) => Promise<ApiAnswer>;
}

/** Declare an operation with its handler typed from its schemas. */
export function operation<
  P extends z.ZodType = z.ZodObject<Record<string, never>>,
  Q extends z.ZodType = z.ZodObject<Record<string, never>>,
  B extends z.ZodType = z.ZodObject<Record<string, never>>,
>(
  spec: Omit<ApiOperation, 'handle' | 'params' | 'query' | 'body'> & {
    readonly params?: P;
    readonly query?: Q;
    readonly body?: B;
    readonly handle: (call: ApiCall<z.output<P>, z.output<Q>, z.output<B>>) => Promise<ApiAnswer>;
  },
): ApiOperation {
  // A JSON body's unknown fields are refused, not dropped: a client's typo (`stat` for `state`) must not be a silent
  // no-op. The document says so too (`additionalProperties: false`). Web forms keep zod's default (stripped).
  const body = spec.body instanceof z.ZodObject ? spec.body.strict() : spec.body;
  return { ...spec, ...(body ? { body } : {}) } as unknown as ApiOperation;
}

/** The body of a write that takes none: absent or `{}`; any field in it is a client's mistake, refused like a typo. */
const NO_BODY = z.strictObject({});

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

function send(res: Response, answer: StoredAnswer, replayed: boolean): void {
  for (const [name, value] of Object.entries(answer.headers)) res.set(name, value);
  if (replayed) res.set('Idempotent-Replayed', 'true');
  res.status(answer.status).set('Cache-Control', 'no-store');
  if (answer.status === 204 || answer.body === undefined) res.end();
  // A file (a TMX export): the handler set its Content-Type and hands the text over as it is.
  else if (typeof answer.body === 'string' && answer.headers['Content-Type']) res.send(answer.body);
  else res.json(answer.body);
}

/** The handler of `op`: validate, run (once per Idempotency-Key when the operation honours one), answer JSON. */
function handlerOf(op: ApiOperation, deps: AppDeps): RequestHandler {
  return async (req, res) => {
    // A logged-in browser's CSRF token may ride in the body (csrf.ts): the guard has checked it, and it is no field.
    if (req.body && typeof req.body === 'object' && CSRF_FIELD in req.body) {
      const { [CSRF_FIELD]: _csrf, ...rest } = req.body as Record<string, unknown>;
      req.body = rest;
    }
    const body = op.body ?? (op.method === 'get' ? undefined : NO_BODY);
    const input = validated(req, {
      ...(op.params ? { params: op.params } : {}),
      ...(op.query ? { query: op.query } : {}),
      ...(body ? { body } : {}),
    }) as { params?: unknown; query?: unknown; body?: unknown };
    const call = {
      params: input.params ?? {},
      query: input.query ?? {},
      body: input.body ?? {},
      user: res.locals.user!,
      deps,
      req,
      res,
    } as ApiCall<never, never, never>;
    const run = async (): Promise<StoredAnswer> => {
      const answer = await op.handle(call);
      return { status: answer.status ?? 200, headers: answer.headers ?? {}, body: answer.body };
    };
    const key = op.idempotent ? req.get('idempotency-key') : undefined;
    if (key === undefined) return send(res, await run(), false);
    if (!IDEMPOTENCY_KEY.test(key))
      throw new ValidationError('api: Idempotency-Key must be 1–200 visible ASCII characters', ['header.idempotency-key']);
    const idempotency = requireService(deps.idempotency, 'idempotency');
    // Keys are per caller: one client's key never replays another's answer.
    const owner = res.locals.apiPrincipal?.tokenId ?? res.locals.user!.id;
    const fingerprint = requestFingerprint(req.method, req.path, input.body ?? null);
    const { answer, replayed } = await idempotency.run(`${owner}:${key}`, fingerprint, run);
    send(res, answer, replayed);
  };
}

/** A router with every operation mounted on its path behind its guard. */
export function operationsRouter(operations: readonly ApiOperation[], deps: AppDeps): Router {
  const router = express.Router();
  for (const op of operations) {
    router[op.method](
      op.path,
      apiGuard(op.permission, { locale: op.locale === true, ...(op.pathLocales ? { pathLocales: op.pathLocales } : {}) }),
      handlerOf(op, deps),
    );
  }
  return router;
}
