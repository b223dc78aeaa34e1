import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numbersCheck } from '../../src/checks/numbers.ts';
import { numbersCounterCheck } from '../../src/checks/numbers-counter.ts';
import { KO_EN, KO_ZH } from './ctx.ts';

describe('numbers-counter check', () => {
  it.each([
    ['1박 기준 10만 원', 'KRW 100,000 per night', KO_EN],
    ['1인당 2만 원', 'KRW 20,000 per person', KO_EN],
    ['1인당 2만 원', '每人2万韩元', KO_ZH],
  ])('when "%s" → "%s", then it warns and the numbers check passes', (source, target, ctx) => {
    expect(numbersCounterCheck.run(source, target, ctx)).toEqual({ missing: ['1'] });
    expect(numbersCheck.run(source, target, ctx)).toBeNull();
  });

  it.each([
    ['1박 기준 10만 원', 'KRW 100,000 for 1 night'],
    ['1명이 다쳤다', 'One person was injured'],
    ['1명이 다쳤다', 'A person was injured'],
    ['2명이 다쳤다', 'Two people were injured'],
    ['1명이 다쳤다', ''],
  ])('when "%s" → "%s", then it passes', (source, target) => {
    expect(numbersCounterCheck.run(source, target, KO_EN)).toBeNull();
  });

  // An article carries one counted 1, and only where it can mean one: not in a quantity (`a few`, `a lot of`,
  // `a number of`) nor an exclamation or degree (`such a`, `what a`, `quite a`).
  it.each([
    ['1명이 다쳤다', 'A few people were injured'],
    ['1명이 다쳤다', 'A lot of people were injured'],
    ['1명이 다쳤다', 'A number of people were injured'],
    ['1명이 다쳤다', 'A couple of people were injured'],
    ['1명이 다쳤다', 'Such a blaze injured people'],
    ['1명이 다쳤다', 'What a night: people were injured'],
    ['1명이 다쳤다', 'It was quite a blaze; people were injured'],
    ['1명이 다쳤고 1박을 했다', 'A person was injured and stayed the night'],
  ])('when "%s" → "%s", then an article that cannot carry it leaves the counted 1 missing', (source, target) => {
    expect(numbersCounterCheck.run(source, target, KO_EN)).toEqual({ missing: ['1'] });
  });

  it.each([
    ['1명이 다쳤다', 'What a night: a person was injured'],
    ['1명이 다쳤고 1박을 했다', 'A person was injured and stayed a night'],
    ['1명이 다쳤다', 'An officer was injured'],
  ])('when "%s" → "%s", then each counted 1 has an article that can carry it', (source, target) => {
    expect(numbersCounterCheck.run(source, target, KO_EN)).toBeNull();
  });

  // Sentences of words without numbers or articles, with one article phrase put anywhere in them.
  const words = fc.array(fc.constantFrom('people', 'were', 'injured', 'in', 'the', 'fire', 'police', 'said', 'yesterday'), {
    maxLength: 8,
  });
  const place = (list: readonly string[], at: number, phrase: string) => {
    const i = at % (list.length + 1);
    return [...list.slice(0, i), phrase, ...list.slice(i)].join(' ');
  };

  it('when the only article of the target is in a phrase that never means one, then the counted 1 stays missing (property)', () => {
    const phrase = fc.constantFrom('a few', 'a lot of', 'a number of', 'a couple of', 'such a blaze', 'what a night', 'quite a blaze');
    fc.assert(
      fc.property(words, fc.nat(), phrase, (list, at, p) => {
        expect(numbersCounterCheck.run('1명이 다쳤다', place(list, at, p), KO_EN)).toEqual({ missing: ['1'] });
      }),
    );
  });

  it('when the target has an article that can mean one anywhere, then the counted 1 is carried (property)', () => {
    const phrase = fc.constantFrom('a person', 'an officer', 'A resident', 'a man');
    fc.assert(
      fc.property(words, fc.nat(), phrase, (list, at, p) => {
        expect(numbersCounterCheck.run('1명이 다쳤다', place(list, at, p), KO_EN)).toBeNull();
      }),
    );
  });

  it.each(numbersCounterCheck.examples)(
    'when its example "$source" → "$target" is run, then it fails and describes itself by key',
    (example) => {
      const detail = numbersCounterCheck.run(example.source, example.target, KO_EN);
      expect(detail).not.toBeNull();
      const keys: string[] = [];
      numbersCounterCheck.describe(detail!, (key) => {
        keys.push(key);
        return key;
      });
      expect(keys).toEqual(['checks:numbers-counter.missing']);
    },
  );
});
