import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LowdbUserStore } from '../../../../src/adapters/storage/lowdb/user-store.ts';
import { session, user } from '../user-records.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('lowdb user store on disk', () => {
  it('when users and sessions are written, then they are in separate files and survive reopening', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-userstore-'));
    dirs.push(dir);
    const first = await LowdbUserStore.open(dir);
    await first.createUser(user('mina'));
    await first.createSession(session('s1', 'u-mina', '2030-01-01T00:00:00.000Z'));
    await first.close();
    expect(JSON.parse(await readFile(join(dir, 'users.json'), 'utf8'))).toMatchObject({ users: [{ name: 'mina' }] });
    expect(JSON.parse(await readFile(join(dir, 'sessions.json'), 'utf8'))).toMatchObject({ sessions: [{ id: 's1' }] });
    const second = await LowdbUserStore.open(dir);
    expect(await second.getUserByName('mina')).toMatchObject({ id: 'u-mina' });
    expect(await second.getSession('s1')).toMatchObject({ userId: 'u-mina' });
    await second.close();
  });
});
