import { Validator } from '@seriousme/openapi-schema-validator';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/core/ports/storage-backend.ts';
import { AuthService } from '../../../src/services/auth.ts';
import { UserService } from '../../../src/services/users.ts';
import { createApp, type AppDeps } from '../../../src/web/app.ts';
import { listRoutes } from '../../../src/web/route-table.ts';
import { startServer, type RunningServer } from '../../../src/web/server.ts';
import { openTestStorage } from '../../support/storage.ts';

/**
 * The OpenAPI document the server serves: valid OpenAPI 3.1 by a validator this project did not write, and the same
 * set of operations as the app's route table under /api, both ways.
 */

let storage: Storage;
let server: RunningServer;
let deps: AppDeps;

beforeAll(async () => {
  storage = await openTestStorage();
  deps = { logger: pino({ level: 'silent' }), users: new UserService(storage.users), auth: new AuthService(storage.users) };
  server = await startServer(createApp(deps), { port: 0, logger: deps.logger, handleSignals: false });
});
afterAll(async () => {
  await server?.close();
  await storage?.close();
});

type Document = { openapi: string; paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>> };

async function served(): Promise<Document> {
  const res = await fetch(new URL('/api/openapi.json', server.url));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as Document;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('the OpenAPI document', () => {
  it('when it is fetched, then an OpenAPI 3.1 validator accepts it', async () => {
    const document = await served();
    expect(document.openapi).toMatch(/^3\.1\./);
    const validator = new Validator();
    const result = await validator.validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('when it is compared with the route table, then every /api route is described and every operation is a route', async () => {
    const document = await served();
    const described = Object.entries(document.paths)
      .flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => `${m} ${path}`))
      .sort();
    const routed = listRoutes(createApp(deps))
      .filter((r) => r.path.startsWith('/api/'))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    expect(described).toEqual(routed);
    // The figure the issue asks for: operations in the document against /api routes in the route table.
    console.info(`OpenAPI operations: ${described.length}; /api routes in the route table: ${routed.length}`);
    expect(described.length).toBeGreaterThan(20);
  });

  it('when operations are listed, then each has a unique operationId and documents its success and its refusals', async () => {
    const document = await served();
    const operations = Object.values(document.paths).flatMap((item) => METHODS.filter((m) => item[m]).map((m) => item[m]!));
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of operations.filter((o) => !['getOpenApiDocument', 'getApiDocumentation'].includes(o.operationId))) {
      expect(
        Object.keys(op.responses).some((s) => s.startsWith('2')),
        op.operationId,
      ).toBe(true);
      expect(op.responses, op.operationId).toHaveProperty('401');
      expect(op.responses, op.operationId).toHaveProperty('403');
    }
  });

  it('when the documentation page is opened, then Tandem serves it itself and it names every operation', async () => {
    const document = await served();
    const res = await fetch(new URL('/api/docs', server.url), { headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).not.toMatch(/<script[^>]+src="https?:/);
    for (const item of Object.values(document.paths))
      for (const m of METHODS.filter((x) => item[x])) expect(page).toContain(`id="op-${item[m]!.operationId}"`);
  });
});
