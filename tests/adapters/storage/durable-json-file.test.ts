import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableJsonFile } from '../../../src/adapters/storage/durable-json-file.ts';

describe('DurableJsonFile', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-durable-file-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('when a mode is given, then the file has exactly that mode and reads back what was written', async () => {
    const path = join(dir, 'secret.json');
    const file = new DurableJsonFile<{ token: string }>(path, { mode: 0o600 });
    await file.write({ token: 't' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await file.read()).toEqual({ token: 't' });
  });

  it('when an indent is given, then the text is pretty-printed and ends with a newline; without it, one line', async () => {
    const pretty = join(dir, 'pretty.json');
    const plain = join(dir, 'plain.json');
    await new DurableJsonFile(pretty, { indent: 2 }).write({ a: 1 });
    await new DurableJsonFile(plain).write({ a: 1 });
    expect(await readFile(pretty, 'utf8')).toBe('{\n  "a": 1\n}\n');
    expect(await readFile(plain, 'utf8')).toBe('{"a":1}');
  });

  it('when a link stands at the temp name, then the write does not follow it and the linked file is unchanged', async () => {
    const path = join(dir, 'data.json');
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'untouched');
    await symlink(victim, join(dir, `.data.json.${process.pid}.1.tmp`));
    await new DurableJsonFile(path).write({ ok: true });
    expect(await readFile(victim, 'utf8')).toBe('untouched');
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ ok: true });
  });

  it('when there is no file, then read gives null', async () => {
    expect(await new DurableJsonFile(join(dir, 'missing.json')).read()).toBeNull();
  });
});
