import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import type { Tandem } from '../../src/main.ts';
import { type Installation, openInstallation } from '../support/installation.ts';

// A change either happens whole or not at all (issue 12): every service method that writes checks all of its input
// before its first write. Each row is a refused call on the real composition over a lowdb data directory; the data
// and publish directories must read the same, byte for byte, before and after it.

let installation: Installation;
let root: string;
let tandem: Tandem;

/** Every file under `dir` with its content, lock files left out (they belong to the open process, not the data). */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('tandem.lock')) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path)] = await readFile(path, 'utf8');
  }
  return files;
}

beforeAll(async () => {
  installation = await openInstallation(
    'tandem-refused-',
    {
      'a.md': '---\ntitle: 쌀값\nslug: rice\n---\n\n쌀값이 올랐다.\n',
      'b.md': '---\ntitle: 환율\nslug: rate\n---\n\n환율이 내렸다.\n',
    },
    ['a.md'],
  );
  ({ root, tandem } = installation);
  await tandem.users.add({ name: 'boss', role: 'admin', password: 'boss password' });
  await tandem.users.add({ name: 'ed', role: 'editor', locales: ['en'], password: 'ed password!' });
  await tandem.glossary.import({ from: 'ko', to: 'en', entries: { 쌀값: 'rice prices' } });
  await tandem.confidential.add({ term: '김철민', by: 'ed' });
}, 60_000);

afterAll(async () => {
  await installation?.close();
});

const REFUSED: readonly (readonly [string, (t: Tandem) => Promise<unknown>])[] = [
  ['a valid role with a locale that is not a target', (t) => t.users.setAccess('ed', { role: 'admin', locales: ['en', 'fr'] })],
  ['an unknown role with valid locales', (t) => t.users.setAccess('ed', { role: 'overlord', locales: ['ja'] })],
  ['demoting the only admin', (t) => t.users.setRole('boss', 'editor')],
  ['demoting the only admin while changing locales', (t) => t.users.setAccess('boss', { role: 'reviewer', locales: ['en'] })],
  ['adding a taken name', (t) => t.users.add({ name: 'ED', role: 'translator', password: 'long enough' })],
  ['adding a user with a short password', (t) => t.users.add({ name: 'kim', role: 'translator', password: 'short' })],
  ['adding a user with a locale that is not a target', (t) => t.users.add({ name: 'kim', role: 'translator', locales: ['fr'] })],
  ['a short new password', (t) => t.users.resetPassword('ed', 'short')],
  ['a password reset for nobody', (t) => t.users.resetPassword('nobody', 'long enough')],
  [
    'a glossary with one good and one unsendable term',
    (t) => t.glossary.import({ from: 'ko', to: 'en', entries: { 환율: 'exchange rate', '쌀\t값': 'rice' } }),
  ],
  [
    'a glossary import with both merge and replace',
    (t) => t.glossary.import({ from: 'ko', to: 'en', entries: { 환율: 'rate' }, merge: true, replace: true }),
  ],
  ['an empty glossary without replace', (t) => t.glossary.import({ from: 'ko', to: 'en', entries: {} })],
  ['a confidential term for a malformed slug', (t) => t.confidential.add({ term: '박영희', slug: '../etc', by: 'ed' })],
  ['an over-long confidential term', (t) => t.confidential.add({ term: '가'.repeat(201), by: 'ed' })],
  [
    'one slug for two files',
    (t) => t.imports.importFiles([join(root, 'in', 'b.md'), join(root, 'in', 'a.md')], 'editor', { slug: 'both' }),
  ],
  ['publishing with segments not approved', (t) => t.publish.publish({ slug: 'rice', locale: 'en', actor: { name: 'ed' } })],
  [
    'scheduling a publish in the past',
    (t) => t.publish.publish({ slug: 'rice', locale: 'en', actor: { name: 'ed' }, at: '2001-01-01T00:00:00Z' }),
  ],
  [
    'scheduling a publish at a time without offset',
    (t) => t.publish.publish({ slug: 'rice', locale: 'en', actor: { name: 'ed' }, at: '2099-01-01T09:00' }),
  ],
  ['publishing in a locale that is not a target', (t) => t.publish.publish({ slug: 'rice', locale: 'fr', actor: { name: 'ed' } })],
  ['unpublishing what was never published', (t) => t.publish.unpublish({ slug: 'rice', locale: 'en', actor: { name: 'ed' } })],
  ['a malformed TMX file', (t) => t.memory.importFile('<tmx version="1.4"><body><tu>', 'broken.tmx')],
  ['deleting a memory entry that does not exist', (t) => t.memory.deleteEntry('tm-no-such-entry', 'ed')],
];

describe('refused writes change nothing', () => {
  it.each(REFUSED)('when %s is refused, then the data and publish directories are unchanged', async (_case, act) => {
    const before = await snapshot(root);
    const refusal = act(tandem);
    await expect(refusal).rejects.toBeInstanceOf(AppError);
    expect(await snapshot(root)).toEqual(before);
  });
});
