import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeInput, formatForFile, markdownRebuilder, MarkdownFormat } from '../../../src/adapters/formats/index.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/formats');
const CONTENT = join(import.meta.dirname, '../../../content/ko');

function filesIn(dir: string, pattern: RegExp): { name: string; bytes: Uint8Array }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

function expectRoundTrip(name: string, input: Uint8Array | string): void {
  const parsed = formatForFile(name).parse(decodeInput(input, name), name);
  expect(parsed.segments.length).toBeGreaterThan(0);
  // Rebuilding from the source's own texts gives the normalized source back.
  expect(
    markdownRebuilder.rebuild(
      parsed.document,
      parsed.segments.map((s) => s.source),
    ),
  ).toBe(parsed.document);
  // The normalized document is a fixed point: parsing it again changes nothing.
  const again = MarkdownFormat.parse(parsed.document, name);
  expect(again.document).toBe(parsed.document);
  expect(again.segments).toEqual(parsed.segments);
}

const fixtures = filesIn(FIXTURES, /\.(md|markdown|html?|txt)$/);
const samples = filesIn(CONTENT, /\.md$/);

describe('round trip on fixtures', () => {
  it('when the fixture folder is read, then it holds Markdown, HTML and text cases', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
  });

  it.each(fixtures)('when $name is parsed and rebuilt from its own texts, then the normalized document comes back', ({ name, bytes }) => {
    expectRoundTrip(name, bytes);
  });

  it.each(fixtures)('when $name arrives with CRLF line ends and a BOM, then it normalizes to the same document', ({ name, bytes }) => {
    const text = new TextDecoder().decode(bytes);
    const crlf = new TextEncoder().encode(`\uFEFF${text.replace(/\n/g, '\r\n')}`);
    const plain = formatForFile(name).parse(decodeInput(bytes, name), name);
    const variant = formatForFile(name).parse(decodeInput(crlf, name), name);
    expect(variant.document).toBe(plain.document);
    expectRoundTrip(name, crlf);
  });

  it.each(fixtures)('when $name arrives decomposed (NFD), then it normalizes to the NFC document', ({ name, bytes }) => {
    const text = new TextDecoder().decode(bytes);
    const nfd = text.normalize('NFD');
    const plain = formatForFile(name).parse(decodeInput(bytes, name), name);
    const variant = formatForFile(name).parse(decodeInput(nfd, name), name);
    expect(variant.document).toBe(plain.document);
    expect(variant.segments.map((s) => s.source)).toEqual(plain.segments.map((s) => s.source));
  });
});

describe('round trip on the sample articles in content/ko', () => {
  it.each(samples.length > 0 ? samples : [{ name: '(none yet)', bytes: new Uint8Array() }])(
    'when sample $name is parsed and rebuilt, then the normalized document comes back',
    ({ name, bytes }) => {
      if (bytes.length === 0) return; // content/ko is written by another change; fixtures above keep the property covered.
      expectRoundTrip(name, bytes);
    },
  );
});

describe('round trip on generated edge cases', () => {
  it('when a paragraph is about 20k characters long, then it is one segment and round-trips', () => {
    const marked = '북한의 **쌀값**은 1kg당 6,000원으로 [전월](https://example.com "출처") 대비 3~5% 올랐다. ';
    const plain = '소식통은 평양 장마당의 옥수수 가격도 1만 2,000원 선에서 움직였다고 전했다. ';
    const block = marked + plain.repeat(4);
    const long = block.repeat(Math.ceil(20_000 / block.length));
    const raw = `---\ntitle: 긴 문단\n---\n\n${long.trim()}\n\n짧은 문단.\n`;
    expect(raw.length).toBeGreaterThan(20_000);
    const parsed = MarkdownFormat.parse(decodeInput(raw, 'long.md'), 'long.md');
    // Each link's title "출처" is a link-title segment of its own, right after the paragraph.
    const links = long.split('](https://example.com "출처")').length - 1;
    expect(parsed.segments.map((s) => s.kind)).toEqual(['title', 'paragraph', ...Array(links).fill('link-title'), 'paragraph']);
    expect(parsed.segments[1]?.source.length).toBeGreaterThan(19_000);
    expectRoundTrip('long.md', raw);
  });

  it.each([
    ['deeply nested lists', '- a\n  - b\n    - c\n      - d\n        1. e\n'],
    ['a quote inside a list inside a quote', '> - item\n>   > quoted **item**\n'],
    ['emphasis next to CJK punctuation', '그는 **“단결”**을 강조했다. *「引用」*と書いた。'],
    ['a link with a title containing quotes', '[링크](https://x.org/a_(b) "제목 \\"따옴표\\"")'],
    ['escaped markup characters', '\\*별\\* \\_밑줄\\_ \\[괄호\\] \\<태그\\> 1\\. \\# &lt;'],
    ['inline HTML and entities', '<kbd>Ctrl</kbd> &copy; &#x1F600; &nbsp;끝'],
    ['a table with an empty cell', '| a | b |\n| - | - |\n|   | x |\n'],
    ['tildes used as ranges', '3~5일, 10~20%, 그리고 ~~취소~~.'],
  ])('when the input has %s, then it round-trips', (_label, raw) => {
    expectRoundTrip('case.md', raw);
  });
});
