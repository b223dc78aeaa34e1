import { describe, expect, it } from 'vitest';
import { requestIds } from '../../src/web/request-log.ts';

describe('request ids', () => {
  it.each([
    ['a fixed prefix', 'abc12345', ['abc12345-1', 'abc12345-2', 'abc12345-3']],
    ['another prefix', 'z', ['z-1', 'z-2', 'z-3']],
  ])('when ids are made with %s, then they count up in base 36 after it', (_case, prefix, expected) => {
    const next = requestIds(prefix);
    expect([next(), next(), next()]).toEqual(expected);
  });

  it('when two processes make ids, then their random prefixes keep them apart and each is a valid X-Request-Id', () => {
    const [a, b] = [requestIds(), requestIds()];
    const ids = Array.from({ length: 1000 }, (_, i) => (i % 2 ? a() : b()));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
  });
});
