import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Request ids without a random draw per request: one random prefix per process, then a counter in base 36
 * (`3f9c2a1b-1`, `3f9c2a1b-2`, …); unique across restarts and processes as long as the prefixes differ.
 */
export function requestIds(prefix: string = randomUUID().slice(0, 8)): () => string {
  let next = 0;
  return () => `${prefix}-${(++next).toString(36)}`;
}

/**
 * One structured log line per finished request (method, path, status, duration in ms, user), with a request id: the
 * client's `X-Request-Id` when it is 1–64 characters of `[A-Za-z0-9._-]`, else a new one (requestIds). Routes log
 * through `res.locals.log`, a child logger with the id, made on first use only.
 */
export function requestLog(logger: Logger): RequestHandler {
  const newId = requestIds();
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : newId();
    const started = process.hrtime.bigint();
    let log: Logger | undefined;
    const child = () => (log ??= logger.child({ reqId: requestId }));
    res.locals.requestId = requestId;
    Object.defineProperty(res.locals, 'log', { configurable: true, enumerable: true, get: child });
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const entry = {
        // baseUrl + path: under a sub-router (/api, /review) req.path alone drops the mount point; no query string (it may carry secrets).
        req: { method: req.method, path: req.baseUrl + req.path },
        res: { statusCode: status },
        responseTime: Math.round(ms * 10) / 10,
        user: res.locals.user?.name,
      };
      // The same line a child logger would write, without making one per request.
      if (status >= 500) (log ?? logger).error(log ? entry : { reqId: requestId, ...entry }, 'request failed');
      else (log ?? logger).info(log ? entry : { reqId: requestId, ...entry }, 'request completed');
    });
    next();
  };
}
