import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** One structured log line per finished request (method, path, status, duration, user), with a request id. */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const started = process.hrtime.bigint();
    const log = logger.child({ reqId: requestId });
    res.locals.requestId = requestId;
    res.locals.log = log;
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const status = res.statusCode;
      const entry = {
        req: { method: req.method, path: req.path },
        res: { statusCode: status },
        responseTime: Math.round(ms * 10) / 10,
        user: res.locals.user?.name,
      };
      if (status >= 500) log.error(entry, 'request failed');
      else log.info(entry, 'request completed');
    });
    next();
  };
}
