import express from 'express';
import { request as httpRequest } from 'node:http';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/web/server.ts';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { REPO, childEnv } from '../cli/run-tandem.ts';

const logger = pino({ level: 'silent' });

/** A gate the test opens explicitly, plus a signal that the handler has started. */
function gate() {
  let open: () => void = () => undefined;
  let entered: () => void = () => undefined;
  return {
    opened: new Promise<void>((resolve) => (open = resolve)),
    started: new Promise<void>((resolve) => (entered = resolve)),
    open: () => open(),
    enter: () => entered(),
  };
}

describe('startServer', () => {
  it('when no host is given, then it binds to loopback on the asked port', async () => {
    const running = await startServer(express(), { port: 0, logger, handleSignals: false });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await running.close();
  });

  it('when closed during a request, then new connections are refused, the request finishes, then onShutdown runs', async () => {
    const events: string[] = [];
    const g = gate();
    const app = express();
    app.get('/slow', async (_req, res) => {
      g.enter();
      await g.opened;
      events.push('response sent');
      res.send('done');
    });
    const running = await startServer(app, {
      port: 0,
      logger,
      handleSignals: false,
      onShutdown: () => void events.push('onShutdown'),
    });
    // agent: false so the in-flight request owns its own socket, as a browser's would.
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${running.url}/slow`, { agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject).end();
    });
    await g.started;
    const closed = running.close();
    await expect(fetch(`${running.url}/slow`)).rejects.toThrow();
    expect(events).toEqual([]);
    g.open();
    expect(await inFlight).toEqual({ status: 200, body: 'done' });
    await closed;
    expect(events).toEqual(['response sent', 'onShutdown']);
    await running.close();
    expect(events).toEqual(['response sent', 'onShutdown']);
  });

  it('when the process gets SIGTERM mid-request, then the request completes, onShutdown runs and it exits 0', {
    timeout: 60_000,
  }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/web/fixtures/signal-server.ts'], {
      cwd: REPO,
      env: childEnv({}),
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const seen: string[] = [];
    const waiters: [RegExp, (line: string) => void][] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      seen.push(line);
      for (const [pattern, resolve] of waiters) if (pattern.test(line)) resolve(line);
    });
    const waitFor = (pattern: RegExp) =>
      new Promise<string>((resolve) => {
        const found = seen.find((l) => pattern.test(l));
        if (found) resolve(found);
        else waiters.push([pattern, resolve]);
      });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const url = (await waitFor(/^listening /)).slice('listening '.length);
    const slow = fetch(`${url}/slow`).then((r) => r.text());
    await waitFor(/^slow-started$/);
    child.kill('SIGTERM');
    await waitFor(/^got-sigterm$/);
    await expect(fetch(`${url}/slow`)).rejects.toThrow();
    child.stdin.write('release\n');
    expect(await slow).toBe('slow-done');
    expect(await exited).toBe(0);
    expect(seen.filter((l) => !l.startsWith('listening'))).toEqual(['slow-started', 'got-sigterm', 'on-shutdown']);
  });
});
