import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findShortcodes, MAX_SHORTCODE_LENGTH, parseShortcode, setShortcodeParam, shortcodeEnd } from '../../src/core/shortcode.ts';

/** What findShortcodes must find: shortcodeEnd and parseShortcode tried at each `{{`, skipping past each tag found. */
function naiveShortcodes(text: string): { at: number; raw: string }[] {
  const out: { at: number; raw: string }[] = [];
  for (let i = text.indexOf('{{'); i !== -1; ) {
    const end = shortcodeEnd(text, i);
    const parsed = end === -1 ? null : parseShortcode(text.slice(i, end));
    if (parsed) out.push({ at: i, raw: parsed.raw });
    i = text.indexOf('{{', parsed ? end : i + 1);
  }
  return out;
}

describe('shortcode syntax', () => {
  it('when a tag has named, positional, quoted and raw parameters, then each is read with its value', () => {
    const sc = parseShortcode('{{< figure src="/a b.jpg" wide caption=`raw "x"` title="say \\"hi\\"" >}}');
    expect(sc).toMatchObject({ name: 'figure', delimiter: '<', closing: false, selfClosing: false, escaped: false });
    expect(sc?.params.map((p) => [p.key, p.value])).toEqual([
      ['src', '/a b.jpg'],
      [null, 'wide'],
      ['caption', 'raw "x"'],
      ['title', 'say "hi"'],
    ]);
  });

  it.each([
    ['{{% /note %}}', { name: 'note', closing: true, delimiter: '%' }],
    ['{{< br />}}', { name: 'br', selfClosing: true }],
    ['{{</* figure src="x" */>}}', { name: '', escaped: true }],
  ])('when %s is parsed, then it is recognised', (raw, expected) => {
    expect(parseShortcode(raw)).toMatchObject(expected);
  });

  it('when a bare value ends in a slash before a space, then it is a value, not a self-closing tag', () => {
    const sc = parseShortcode('{{< figure src=/img/ >}}');
    expect(sc?.selfClosing).toBe(false);
    expect(sc?.params.map((p) => p.value)).toEqual(['/img/']);
  });

  it.each(['{{< >}}', '{{ .Title }}', '{{< figure src="x >}}', '{{< a >}} tail'])(
    'when %s is parsed, then it is not one shortcode',
    (raw) => {
      expect(parseShortcode(raw)).toBeNull();
    },
  );

  it('when a quoted value contains the closing braces, then the tag ends after the quote', () => {
    const text = '{{< x t="a >}} b" >}} rest';
    expect(shortcodeEnd(text, 0)).toBe(text.indexOf(' rest'));
  });

  it('when text holds several tags and stray braces, then only whole tags are found, with offsets', () => {
    expect(findShortcodes('a {{ b {{< c >}} d {{% e %}}').map((f) => [f.at, f.shortcode.name])).toEqual([
      [7, 'c'],
      [19, 'e'],
    ]);
  });

  it('when a parameter is set, then only its value changes and quotes and backslashes are escaped', () => {
    expect(setShortcodeParam('{{< figure src=a.jpg  caption=`x` >}}', 'caption', 'say "hi" \\ bye')).toBe(
      '{{< figure src=a.jpg  caption="say \\"hi\\" \\\\ bye" >}}',
    );
    expect(() => setShortcodeParam('{{< figure >}}', 'caption', 'x')).toThrow(RangeError);
  });

  it('when a tag never closes and is long, then the scan stays linear', () => {
    const text = `{{< x ${'"'.repeat(1)}${'a'.repeat(200_000)}`;
    expect(shortcodeEnd(text, 0)).toBe(-1);
    expect(findShortcodes('{{'.repeat(20_000))).toEqual([]);
  });

  it('when text mixes braces, delimiters, quotes, escapes and names, then findShortcodes finds what a scan at each {{ finds', () => {
    const pieces = ['{{<', '{{%', '{{', '>}}', '%}}', '}}', ' ', 'a', '/', '/*', '*/', '"', '\\', '`', '=', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(findShortcodes(text).map((f) => ({ at: f.at, raw: f.shortcode.raw }))).toEqual(naiveShortcodes(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('when a tag is longer than MAX_SHORTCODE_LENGTH, then findShortcodes does not find it, as shortcodeEnd does not', () => {
    const long = `{{< x ${'a'.repeat(MAX_SHORTCODE_LENGTH)} >}}`;
    const short = '{{< x y >}}';
    expect(findShortcodes(long + short).map((f) => f.shortcode.raw)).toEqual(naiveShortcodes(long + short).map((f) => f.raw));
    expect(findShortcodes(long)).toEqual([]);
  });
});
