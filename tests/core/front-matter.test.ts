import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.ts';
import { confidentialTermsOf, embargoNoticeAt, embargoOf, invisibilityAt, parseFrontMatter } from '../../src/core/front-matter.ts';
import type { FrontMatter } from '../../src/core/model.ts';

const FILE = 'content/ko/rice.md';

function errorOf(data: Record<string, unknown>): ValidationError {
  try {
    parseFrontMatter(data, FILE);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseFrontMatter', () => {
  it.each([
    ['a calendar date', { date: '2026-12-01' }, { date: '2026-12-01' }],
    ['a UTC time', { publishDate: '2026-12-01T09:00:00Z' }, { publishDate: '2026-12-01T09:00:00Z' }],
    ['a time with an offset', { expiryDate: '2026-12-01T18:00:00+09:00' }, { expiryDate: '2026-12-01T18:00:00+09:00' }],
    ['a YAML time with a space', { publishDate: '2026-12-01 09:00:00' }, { publishDate: '2026-12-01T09:00:00' }],
    ['a YAML date read as a Date at midnight', { date: new Date('2026-12-01T00:00:00Z') }, { date: '2026-12-01' }],
    ['a YAML timestamp read as a Date', { publishDate: new Date('2026-12-01T09:30:00Z') }, { publishDate: '2026-12-01T09:30:00.000Z' }],
    ['draft', { draft: true }, { draft: true }],
    ['one confidential name', { confidential: '김철민' }, { confidential: ['김철민'] }],
    [
      'names and renderings',
      { confidential: ['김철민', { term: '박영희', render: 'a source' }] },
      { confidential: ['김철민', { term: '박영희', render: 'a source' }] },
    ],
  ])('when front matter has %s, then it is accepted and normalised', (_case, data, expected) => {
    expect(parseFrontMatter({ title: '쌀값', ...data }, FILE)).toEqual({ title: '쌀값', ...expected });
  });

  it('when front matter has keys Tandem does not read, then they pass through untouched', () => {
    const data = { title: '쌀값', tags: ['경제'], weight: 3, params: { hero: 'a.jpg' } };
    expect(parseFrontMatter(data, FILE)).toEqual(data);
  });

  it.each([
    ['publishDate', { publishDate: 'next Tuesday' }, 'ISO 8601'],
    ['date', { date: '2026-02-31' }, 'ISO 8601'],
    ['expiryDate', { expiryDate: 20261201 }, 'ISO 8601'],
    ['draft', { draft: 'yes' }, 'true or false'],
    ['confidential', { confidential: 42 }, 'a name or a list of names'],
    ['confidential.1', { confidential: ['김철민', { name: '박영희' }] }, 'a name, or { term, render }'],
    ['title', { title: ['a', 'b'] }, 'expected string'],
    ['slug', { slug: 7 }, 'expected string'],
    ['publishdate', { publishdate: '2026-12-01' }, 'write it as "publishDate"'],
    ['expirydate', { expirydate: '2026-12-01' }, 'write it as "expiryDate"'],
  ])('when "%s" is invalid, then a ValidationError names the field and the file', (field, data, expected) => {
    const error = errorOf({ ...data });
    expect(error.message).toContain(`import: ${FILE}: front matter "${field}"`);
    expect(error.message).toContain(expected);
  });

  it('when several fields are invalid, then every problem is in the details', () => {
    expect(errorOf({ draft: 1, date: 'soon' }).details).toHaveLength(2);
  });
});

describe('confidentialTermsOf', () => {
  it.each([
    ['one name', '김철민', [{ term: '김철민' }]],
    [
      'a list',
      ['김철민', { term: '박영희', render: '한 소식통' }, { term: '이순자' }],
      [{ term: '김철민' }, { term: '박영희', render: '한 소식통' }, { term: '이순자' }],
    ],
    ['nothing', undefined, []],
    ['a value stored before validation', [{ name: 'x' }], []],
  ])('when the field holds %s, then the declared terms are returned', (_case, value, expected) => {
    expect(confidentialTermsOf({ confidential: value } as FrontMatter)).toEqual(expected);
  });
});

describe('invisibilityAt (Hugo: draft, publishDate or date, expiryDate)', () => {
  const NOW = new Date('2026-12-01T09:00:00Z');
  it.each([
    ['no dates', {}, null],
    ['a past date', { date: '2026-11-30' }, null],
    ['today as a calendar date (UTC midnight)', { date: '2026-12-01' }, null],
    ['draft', { date: '2026-11-30', draft: true }, 'draft'],
    ['a future date', { date: '2026-12-02' }, 'scheduled'],
    ['a future publishDate over a past date', { date: '2026-11-01', publishDate: '2026-12-01T09:00:01Z' }, 'scheduled'],
    ['a past publishDate over a future date', { date: '2026-12-25', publishDate: '2026-12-01T09:00:00Z' }, null],
    ['an offset that puts the time in the future', { publishDate: '2026-12-01T18:00:01+09:00' }, 'scheduled'],
    ['a time without offset read as UTC', { publishDate: '2026-12-01T09:00:00' }, null],
    ['an expiry reached', { expiryDate: '2026-12-01T09:00:00Z' }, 'expired'],
    ['an expiry ahead', { expiryDate: '2026-12-01T09:00:01Z' }, null],
    ['an unreadable stored date', { publishDate: 'soon' }, 'invalid'],
  ])('when the article has %s, then the answer is %s', (_case, frontMatter, expected) => {
    expect(invisibilityAt(frontMatter as FrontMatter, NOW)).toBe(expected);
  });

  it('when an article is embargoed, then the notice carries the reason and the instants in UTC', () => {
    const fm = { date: '2026-11-01', publishDate: '2026-12-24T18:00:00+09:00', expiryDate: '2027-01-01' };
    expect(embargoOf(fm)).toEqual({ draft: false, publishAt: '2026-12-24T09:00:00.000Z', expiresAt: '2027-01-01T00:00:00.000Z' });
    expect(embargoNoticeAt(fm, new Date('2026-12-01T00:00:00Z'))).toMatchObject({
      reason: 'scheduled',
      publishAt: '2026-12-24T09:00:00.000Z',
    });
    expect(embargoNoticeAt(fm, new Date('2026-12-24T09:00:00Z'))).toBeNull();
  });
});
