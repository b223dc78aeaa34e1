import { afterAll, beforeAll, expect } from 'vitest';
import { setThroughServer, stopServers } from './server-mode.ts';

// The `cli-server` project's setup file (vitest.config.ts): each of its test files runs its CLI commands beside a
// running server (server-mode.ts), and leaves no server behind.
beforeAll(() => setThroughServer(true, expect.getState().testPath));
afterAll(async () => {
  setThroughServer(false);
  await stopServers();
});
