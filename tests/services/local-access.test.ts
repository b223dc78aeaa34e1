import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonServerFileStore, SERVER_FILE } from '../../src/adapters/storage/server-file.ts';
import type { Storage } from '../../src/core/ports/storage-backend.ts';
import { ApiTokenService } from '../../src/services/api-tokens.ts';
import { LOCAL_TOKEN_NAME, LocalAccessService } from '../../src/services/local-access.ts';
import { UserService } from '../../src/services/users.ts';
import { openTestStorage } from '../support/storage.ts';
import { TEST_SCRYPT } from '../web/helpers.ts';

let storage: Storage;
let dir: string;
let users: UserService;
let tokens: ApiTokenService;

const access = () => new LocalAccessService({ tokens, users, file: new JsonServerFileStore(dir), pid: 4242 });

beforeEach(async () => {
  storage = await openTestStorage();
  dir = await mkdtemp(join(tmpdir(), 'tandem-local-access-'));
  users = new UserService(storage.users, { scrypt: TEST_SCRYPT, targetLocales: ['en'] });
  tokens = new ApiTokenService(storage.apiTokens, storage.users, { targetLocales: ['en'] });
  await users.ensureAdmin('admin password 1');
  await users.add({ name: 'ed', role: 'editor', password: 'long enough pw' });
});
afterEach(async () => {
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

describe('LocalAccessService', () => {
  it('when a server starts, then the file holds its address and a live admin token, readable by its owner alone', async () => {
    const written = await access().start('http://127.0.0.1:3000');
    expect(await new JsonServerFileStore(dir).read()).toEqual(written);
    expect((await stat(join(dir, SERVER_FILE))).mode & 0o777).toBe(0o600);
    const principal = await tokens.authenticate(written.token);
    expect(principal?.user.name).toBe('admin');
    expect(principal?.readOnly).toBe(false);
    expect((await tokens.list()).find((t) => t.id === written.tokenId)?.name).toBe(LOCAL_TOKEN_NAME);
  });

  it('when the next server starts over a file left behind, then the old token is revoked and the new one works', async () => {
    const first = await access().start('http://127.0.0.1:3000');
    const second = await access().start('http://127.0.0.1:3001');
    expect(second.token).not.toBe(first.token);
    expect(await tokens.authenticate(first.token)).toBeNull();
    expect(await tokens.authenticate(second.token)).not.toBeNull();
  });

  it('when a server stops cleanly, then its token is revoked and the file removed', async () => {
    const service = access();
    const written = await service.start('http://127.0.0.1:3000');
    await service.stop();
    expect(await tokens.authenticate(written.token)).toBeNull();
    await expect(stat(join(dir, SERVER_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
    await service.stop();
  });
});
