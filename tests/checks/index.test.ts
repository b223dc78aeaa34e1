import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CHECKS } from '../../src/checks/index.ts';

const en = JSON.parse(readFileSync(new URL('../../locales/en/checks.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, string>
>;
const ko = JSON.parse(readFileSync(new URL('../../locales/ko/checks.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, string>
>;

describe('check registry', () => {
  it('when the registry is listed, then ids are unique kebab-case', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it.each(CHECKS.map((c) => [c.id, c] as const))(
    'when check %s is looked up in en and ko, then its name and description exist',
    (id, check) => {
      expect(check.name).toBe(`${id}.name`);
      expect(check.description).toBe(`${id}.description`);
      // English strings are Latin sentences; Korean ones are written in Hangul (not an English copy left behind).
      expect(en[id]?.name).toMatch(/^[A-Z][a-z]/);
      expect(en[id]?.description).toMatch(/^[A-Z].{20,}\.$/);
      expect(ko[id]?.name).toMatch(/\p{Script=Hangul}/u);
      expect(ko[id]?.description).toMatch(/^\p{Script=Hangul}.{10,}[.다요]$/u);
    },
  );
});

describe('the README documents every check', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it.each(CHECKS.map((c) => [c.id, c] as const))(
    'when check %s is registered, then the README lists its id, severity, name and description',
    (id, check) => {
      expect(readme).toContain(`| \`${id}\` | ${check.severity} | ${en[id]?.name} | ${en[id]?.description} |`);
    },
  );
});
