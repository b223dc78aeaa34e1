import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MtQueueItem } from '../../src/core/ports/mt-store.ts';
import type { Slug } from '../../src/core/slug.ts';
import { cliWorkspace } from './cli-setup.ts';
import { runInProcess } from './run-tandem.ts';
import { releaseServer } from './server-mode.ts';

const SLUG = 'kpa-autumn-drills-2026' as Slug;
const RETRY_AT = '2026-03-01T09:05:00.000Z';

describe('tandem status when machine translations wait to be retried or failed', () => {
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;

  beforeAll(async () => {
    ws = await cliWorkspace({ DEEPL_AUTH_KEY: 'test-key:fx', DEEPL_SERVER_URL: 'http://127.0.0.1:9', TANDEM_AUTO_TRANSLATE: '0' });
    expect((await runInProcess(['import', ws.file(SLUG)], ws.env)).code).toBe(0);
    // The queue as a server leaves it after DeepL kept answering 503 for two segments and 429 for one until the cap.
    const item = (n: number, extra: Partial<MtQueueItem>): MtQueueItem => ({
      id: `q-${n}`,
      jobId: 'j-1',
      slug: SLUG,
      segmentId: `s-${n}`,
      locale: 'en',
      hash: `h-${n}`,
      expectedRevision: 0,
      state: 'queued',
      attempts: 0,
      enqueuedAt: '2026-03-01T09:00:00.000Z',
      ...extra,
    });
    const events = [
      {
        e: 'job',
        job: { id: 'j-1', createdAt: '2026-03-01T09:00:00.000Z', createdBy: 'import', provider: 'deepl', locales: ['en'], total: 4 },
      },
      {
        e: 'add',
        items: [
          item(1, { state: 'retrying', attempts: 2, error: 'deepl: server error 503', reason: 'unavailable', retryAt: RETRY_AT }),
          item(2, {
            state: 'retrying',
            attempts: 2,
            error: 'deepl: server error 503',
            reason: 'unavailable',
            retryAt: '2026-03-01T09:06:00.000Z',
          }),
          item(3, { state: 'failed', attempts: 8, error: 'deepl: too many requests (429)', reason: 'rate-limited' }),
          item(4, {}),
        ],
      },
    ];
    // Planted in the directory itself: in the `cli-server` project its server steps aside first (the next command
    // starts it again, reading the planted queue).
    await releaseServer(ws.env);
    await mkdir(join(ws.dataDir, 'mt'), { recursive: true });
    await writeFile(join(ws.dataDir, 'mt', 'queue.jsonl'), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  });
  afterAll(() => ws.cleanup());

  it('when status runs, then the article line per locale says what is queued, retrying (with when) and failed (with why)', async () => {
    const run = await runInProcess(['status'], ws.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`2 segment translation(s) wait to be retried, the next at ${RETRY_AT}`);
    expect(run.stdout).toContain('(queue: 1 queued, 0 in flight, 2 retrying, 1 failed)');
    expect(run.stdout).toContain(
      `MT: 1 queued, 2 retrying (next at ${RETRY_AT}: the provider was unavailable), 1 failed (too many requests to the provider; retry with tandem translate --retry-failed)`,
    );
  });

  it('when status runs with --json, then each article carries its machine-translation progress per locale', async () => {
    const run = await runInProcess(['status', SLUG, '--json'], ws.env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).machineTranslation).toEqual([
      {
        slug: SLUG,
        locale: 'en',
        queued: 1,
        inFlight: 0,
        retrying: 2,
        nextRetryAt: RETRY_AT,
        failed: 1,
        retryingReasons: [{ reason: 'unavailable', count: 2 }],
        failedReasons: [{ reason: 'rate-limited', count: 1 }],
      },
    ]);
  });
});
