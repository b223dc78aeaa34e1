import { describe, expect, it } from 'vitest';
import { InMemoryArticleStore } from '../../src/adapters/storage/in-memory/article-store.ts';
import { CHECKS } from '../../src/checks/index.ts';
import { ConfigError } from '../../src/core/errors.ts';
import type { Segment } from '../../src/core/model.ts';
import type { ChecksOff, CheckTranslate } from '../../src/core/ports/check.ts';
import { sourceHash } from '../../src/core/text.ts';
import { assertChecksOff, enabledChecks, listChecks } from '../../src/services/check-catalogue.ts';
import { CheckService } from '../../src/services/checks.ts';

const OFF: ChecksOff = { everywhere: ['length'], byLocale: { ja: ['end-punctuation'], 'zh-Hans': ['spacing', 'end-punctuation'] } };
const ids = (checks: readonly { id: string }[]) => checks.map((c) => c.id);
const keyT: CheckTranslate = (key) => `<${key}>`;

function segment(source: string): Segment {
  return { id: 's-0', kind: 'paragraph', order: 0, source, tags: {}, hash: sourceHash(source), sourceRevision: 1 };
}

describe('checks switched off by configuration', () => {
  it.each([
    ['en', ['length']],
    ['ja', ['length', 'end-punctuation']],
    ['zh-Hans', ['length', 'end-punctuation', 'spacing']],
  ])('when the target locale is %s, then %j do not run and every other check does, in registry order', (locale, off) => {
    const enabled = ids(enabledChecks(CHECKS, OFF, locale));
    expect(enabled).toEqual(ids(CHECKS).filter((id) => !off.includes(id)));
  });

  it.each([
    [{ everywhere: ['lenght'], byLocale: {} }, 'lenght'],
    [{ everywhere: [], byLocale: { ja: ['end-punct'] } }, 'ja:end-punct'],
  ])('when %j names no check, then it is refused naming %s and the known ids', (off, named) => {
    expect(() => assertChecksOff(CHECKS, off)).toThrow(ConfigError);
    expect(() => assertChecksOff(CHECKS, off)).toThrow(new RegExp(`no check ${named};.*numbers, numbers-counter, inline-tags`));
    expect(() => new CheckService({ store: new InMemoryArticleStore(), checks: CHECKS, off })).toThrow(ConfigError);
  });

  it('when the service checks a ja translation, then a check off for ja does not run but still runs for en', () => {
    const service = new CheckService({ store: new InMemoryArticleStore(), checks: CHECKS, off: OFF });
    const s = segment('그는 돌아왔다.');
    expect(service.check(s, '彼は戻った', { sourceLocale: 'ko', targetLocale: 'ja' })).toEqual([]);
    expect(ids(service.check(s, 'He came back', { sourceLocale: 'ko', targetLocale: 'en' }).map((r) => ({ id: r.checkId })))).toEqual([
      'end-punctuation',
    ]);
    expect(ids(service.registry)).toEqual(ids(CHECKS));
  });

  it('when the checks are listed for a locale, then each has id, severity, name, description and whether it is off', () => {
    const listed = listChecks(CHECKS, OFF, keyT, 'ja');
    expect(ids(listed)).toEqual(ids(CHECKS));
    expect(listed.find((c) => c.id === 'numbers')).toEqual({
      id: 'numbers',
      severity: 'error',
      name: '<checks:numbers.name>',
      description: '<checks:numbers.description>',
      off: false,
      offFor: [],
    });
    expect(listed.find((c) => c.id === 'end-punctuation')).toMatchObject({ off: true, offFor: ['ja', 'zh-Hans'] });
    expect(listed.find((c) => c.id === 'length')).toMatchObject({ off: true, offFor: [] });
    expect(listChecks(CHECKS, OFF, keyT).find((c) => c.id === 'end-punctuation')).toMatchObject({ off: false });
  });
});
