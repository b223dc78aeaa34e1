import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeOpaqueCursor, encodeOpaqueCursor } from '../../src/core/opaque-cursor.ts';

const Payload = z.object({ p: z.number().int().min(1), s: z.string() }).strict();
const b64 = (text: string): string => Buffer.from(text).toString('base64url');

describe('opaque cursors', () => {
  it('when a payload is encoded, then decoding the text gives it back', () => {
    const text = encodeOpaqueCursor({ p: 3, s: 'ünïcode' });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeOpaqueCursor(text, Payload)).toEqual({ p: 3, s: 'ünïcode' });
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['too long', 'A'.repeat(401)],
    ['not JSON', b64('{p:1')],
    ['another shape', b64('{"p":0,"s":"x"}')],
    ['an extra field', b64('{"p":1,"s":"x","x":1}')],
    ['control characters', '\u202Eabc\u0000'],
  ])('when the text is %s, then it decodes to null', (_name, raw) => {
    expect(decodeOpaqueCursor(raw, Payload)).toBeNull();
  });
});
