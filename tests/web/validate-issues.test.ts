import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueSentences } from '../../src/web/error-messages.ts';
import { createI18n } from '../../src/web/i18n.ts';
import { InputError, parseInput } from '../../src/web/validate.ts';

function issuesOf(schema: z.ZodType, value: unknown) {
  try {
    parseInput(schema, value, 'body');
  } catch (error) {
    // Where each was sent (`body.limit`) is the `errors` entries' business (tests/web/api/query-issues.test.ts).
    if (error instanceof InputError) return error.issues.map(({ path: _path, ...issue }) => issue);
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parseInput issue kinds', () => {
  const schema = z.object({ text: z.string(), limit: z.coerce.number().int().min(1).optional() });

  it('when a required field is absent, then its issue is "required"', () => {
    expect(issuesOf(schema, {})).toEqual([{ field: 'text', kind: 'required', params: {} }]);
  });

  // A client that sends `{"text": 5}` or `?limit=abc` did send the field: telling it "this is required" sends it
  // looking for a missing field that is there.
  it('when a field is present with the wrong type, then its issue says what was expected, not "required"', () => {
    expect(issuesOf(schema, { text: 5 })).toEqual([{ field: 'text', kind: 'expectedText', params: {} }]);
    expect(issuesOf(schema, { text: 'x', limit: 'abc' })).toEqual([{ field: 'limit', kind: 'expectedWholeNumber', params: {} }]);
  });

  it('when the body is an array instead of an object, then it is reported as not an object, not missing', () => {
    expect(issuesOf(schema, [1, 2])).toEqual([{ field: '', kind: 'expectedObject', params: {} }]);
  });

  // The kinds come from zod's issue codes and the bounds the schema declares, for every route alike.
  it('when a bounded whole number is not one, or out of range, then its issue gives the range', () => {
    const paged = z.object({ limit: z.coerce.number().int().min(1).max(100).optional() });
    const range = [{ field: 'limit', kind: 'wholeNumberRange', params: { min: 1, max: 100 } }];
    for (const limit of [['1', '2'], 'abc', '0', '101', '2.5']) expect(issuesOf(paged, { limit })).toEqual(range);
  });
});

describe('issue sentences name the field', () => {
  const t = createI18n().getFixedT('en');

  // The token form's "days" and the API's `?limit=` / `?cursor=` were answered with "A field: at least 1.", which
  // leaves the person guessing which of the fields they sent is meant.
  it.each(['days', 'limit', 'cursor'])('when %s is invalid, then the sentence names it instead of "A field"', (field) => {
    const [sentence] = issueSentences([{ field, kind: 'tooSmall', params: { min: 1 } }], t, 'en');
    expect(sentence).not.toMatch(/^A field/);
  });
});
