import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from './cli-setup.ts';
import { BIN, childEnv } from './run-tandem.ts';

// `tandem status | head -1`: the reader closes the pipe before the command has written everything. The command stops
// quietly, as Unix tools do, instead of an unhandled EPIPE with a stack trace.

describe('tandem writing into a pipe its reader closed', () => {
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;
  beforeAll(async () => {
    ws = await cliWorkspace({});
  });
  afterAll(() => ws.cleanup());

  it.each([['--help'], ['status']])(
    'when the output of tandem %s is closed before it is written, then it exits 0 without a word on stderr',
    async (command) => {
      const child = spawn(process.execPath, [BIN, command], { env: childEnv(ws.env), stdio: ['ignore', 'pipe', 'pipe'] });
      // Closed at once, before the program has printed anything: every write it makes meets a closed pipe.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const [code] = (await once(child, 'exit')) as [number | null];

      expect(stderr).toBe('');
      expect(code).toBe(0);
    },
  );
});
