import { describe, expect, it } from 'vitest';
import { decodeInput, DEFAULT_MAX_INPUT_BYTES } from '../../../src/adapters/formats/decode.ts';
import { FormatParseError, LimitError } from '../../../src/core/errors.ts';
import { LIMITS } from '../../../src/core/limits.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

function failure(run: () => unknown): FormatParseError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FormatParseError);
    return error as FormatParseError;
  }
  throw new Error('expected a FormatParseError');
}

function limitFailure(run: () => unknown): LimitError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LimitError);
    return error as LimitError;
  }
  throw new Error('expected a LimitError');
}

describe('decodeInput', () => {
  it('when bytes are UTF-8 with a BOM and CRLF, then the text has no BOM, LF line ends and NFC', () => {
    const bytes = utf8('\uFEFF# 제목\r\n\r\n본문\rCafe\u0301\r\n');
    expect(decodeInput(bytes, 'a.md')).toBe('# 제목\n\n본문\nCaf\u00e9\n');
  });

  it('when a string is decomposed Hangul (NFD), then it comes back composed (NFC)', () => {
    const nfd = '북한 경제'.normalize('NFD');
    expect(nfd).not.toBe('북한 경제');
    expect(decodeInput(nfd, 'a.md')).toBe('북한 경제');
  });

  it('when the input holds emoji, CJK punctuation, tabs and form feeds, then it is accepted unchanged', () => {
    const text = '「인용」、。！😀👨‍👩‍👧\tcol\f\n';
    expect(decodeInput(utf8(text), 'a.txt')).toBe(text);
  });

  it('when bytes contain a NUL, then the error says the file looks binary and where', () => {
    const error = failure(() => decodeInput(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), 'photo.md'));
    expect(error.message).toBe('import: photo.md looks like binary data (NUL byte at offset 4); import Markdown, HTML or plain text');
    expect(error.file).toBe('photo.md');
  });

  it('when text contains a control character, then the error names it and its line', () => {
    const error = failure(() => decodeInput(utf8('첫 줄\n둘째 \u0007 줄'), 'bell.txt'));
    expect(error.message).toMatch(/^import: bell\.txt looks like binary data \(control character U\+0007 at line 2\)/);
    expect(error.line).toBe(2);
  });

  it.each([
    ['a lone continuation byte', [0x41, 0x0a, 0x42, 0x80, 0x43], 3, 2],
    ['a truncated sequence', [0xea, 0xb0], 0, 1],
    ['an overlong encoding', [0x61, 0xc0, 0xaf], 1, 1],
    ['an encoded surrogate', [0xed, 0xa0, 0x80], 0, 1],
    ['EUC-KR bytes', [0x0a, 0xc7, 0xd1, 0xb1, 0xdb], 1, 2],
  ])('when bytes have %s, then the error says not valid UTF-8 with the byte offset', (_label, bytes, offset, line) => {
    const error = failure(() => decodeInput(new Uint8Array(bytes), 'article.md'));
    expect(error.message).toBe(`import: article.md is not valid UTF-8 (byte ${offset}, line ${line}); re-save it as UTF-8`);
    expect(error.line).toBe(line);
  });

  it('when valid multi-byte text is followed by one bad byte, then the offset points at that byte', () => {
    const good = utf8('평양 시장 물가\n');
    const bytes = new Uint8Array([...good, 0xff]);
    expect(failure(() => decodeInput(bytes, 'a.md')).message).toContain(`(byte ${good.length}, line 2)`);
  });

  it('when a string has a lone surrogate, then it is refused as invalid Unicode', () => {
    expect(failure(() => decodeInput('abc\uD800def', 'a.md')).message).toMatch(/a\.md is not valid Unicode/);
  });

  it('when input is over the limit, then a LimitError gives the size and the limit', () => {
    const error = limitFailure(() => decodeInput(new Uint8Array(3 * 1024 * 1024).fill(0x61), 'huge.md'));
    expect(error.message).toBe('import: huge.md is too large (3 MiB, the limit is 1 MiB); split the article');
    expect({ limit: error.limit, max: error.max, actual: error.actual, file: error.file }).toEqual({
      limit: 'importBytes',
      max: LIMITS.importBytes,
      actual: 3 * 1024 * 1024,
      file: 'huge.md',
    });
    expect(DEFAULT_MAX_INPUT_BYTES).toBe(LIMITS.importBytes);
  });

  // "1.0 MiB, the limit is 1.0 MiB" read as if the file were within the limit.
  it.each([
    [1_100_000, '1.05 MiB, the limit is 1 MiB'],
    [LIMITS.importBytes + 40, '1,048,616 B, the limit is 1,048,576 B'],
  ])('when input of %i bytes is just over the limit, then its size and the limit read differently', (size, figures) => {
    const error = limitFailure(() => decodeInput(new Uint8Array(size).fill(0x61), 'bigfile.md'));
    expect(error.message).toContain(`(${figures})`);
  });

  it('when a custom limit is set, then a string is measured in UTF-8 bytes', () => {
    // 4 Hangul syllables = 12 bytes in UTF-8.
    expect(decodeInput('가나다라', 'a.txt', { maxBytes: 12 })).toBe('가나다라');
    const error = limitFailure(() => decodeInput('가나다라마', 'a.txt', { maxBytes: 12 }));
    expect(error.message).toMatch(/too large \(15 B, the limit is 12 B\)/);
    expect(error.max).toBe(12);
  });

  it('when input is empty or only whitespace, then it is refused as empty', () => {
    expect(failure(() => decodeInput(utf8('\uFEFF \r\n\t\n'), 'blank.md')).message).toBe(
      'import: blank.md is empty; there is nothing to import',
    );
  });
});
