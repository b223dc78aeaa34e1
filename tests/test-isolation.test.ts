import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * vitest.config.ts runs test files without isolation: the files of one worker share its process and module cache.
 * That holds only while no file changes what outlives it, so these ways of doing so are refused in the files vitest
 * loads (tests/fixtures and the fake DeepL's standalone script run in child processes of their own).
 */
const TESTS = resolve(import.meta.dirname);
const CHILD_PROCESS_ONLY = /^(?:fixtures\/|.*\/fixtures\/|fake-deepl\/standalone\.ts$)/;

const REFUSED: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /\bvi\s*\.\s*(?:mock|doMock|unmock|hoisted|resetModules|importMock)\s*\(/, why: 'module mocks' },
  { pattern: /\bvi\s*\.\s*(?:stubEnv|stubGlobal|useFakeTimers|setSystemTime)\s*\(/, why: 'stubbed globals, environment or clock' },
  {
    pattern: /\bprocess\.env(?:\.\w+|\[[^\]]+\])\s*(?:=[^=]|\?\?=|\|\|=)|\bdelete\s+process\.env\b|Object\.assign\(\s*process\.env\b/,
    why: 'a changed environment',
  },
  { pattern: /\bprocess\.chdir\s*\(|\bprocess\.umask\s*\(\s*\S/, why: 'a changed working directory or umask' },
  { pattern: /\bglobalThis\.\w+\s*=[^=]/, why: 'a changed global' },
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('test files share a worker (vitest isolate: false)', () => {
  it('when the test files are read, then none mocks modules or changes globals, the environment or the working directory', () => {
    const found: string[] = [];
    for (const path of files(TESTS)) {
      const name = relative(TESTS, path).split('\\').join('/');
      if (CHILD_PROCESS_ONLY.test(name) || name === 'test-isolation.test.ts') continue;
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const { pattern, why } of REFUSED) if (pattern.test(line)) found.push(`${name}:${i + 1}: ${why}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});
