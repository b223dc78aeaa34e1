import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { requestIds, requestLog } from '../../src/web/request-log.ts';

describe('request ids', () => {
  it.each([
    ['a fixed prefix', 'abc12345', ['abc12345-1', 'abc12345-2', 'abc12345-3']],
    ['another prefix', 'z', ['z-1', 'z-2', 'z-3']],
  ])('when ids are made with %s, then they count up in base 36 after it', (_case, prefix, expected) => {
    const next = requestIds(prefix);
    expect([next(), next(), next()]).toEqual(expected);
  });

  it('when two processes make ids, then their random prefixes keep them apart and each is a valid X-Request-Id', () => {
    const [a, b] = [requestIds(), requestIds()];
    const ids = Array.from({ length: 1000 }, (_, i) => (i % 2 ? a() : b()));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
  });
});

describe('requestLog', () => {
  it('when a request is answered by a router mounted under a path, then the log names the whole path without the query', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const app = express();
    app.use(requestLog(logger));
    const api = express.Router();
    api.get('/docs', (_req, res) => void res.send('ok'));
    app.use('/api', api);
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      await (await fetch(`http://127.0.0.1:${port}/api/docs?token=secret`)).text();
      const entry = lines.map((line) => JSON.parse(line) as { req?: { path: string } }).find((l) => l.req);
      expect(entry?.req?.path).toBe('/api/docs');
    } finally {
      server.close();
    }
  });
});
