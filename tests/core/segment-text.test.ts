import fc from 'fast-check';
import type { PhrasingContent } from 'mdast';
import { describe, expect, it } from 'vitest';
import { taggedToPhrasing } from '../../src/adapters/formats/inline-tags.ts';
import { ValidationError } from '../../src/core/errors.ts';
import { matchForm } from '../../src/core/fuzzy-index.ts';
import { maskView } from '../../src/core/masking.ts';
import type { InlineTag } from '../../src/core/model.ts';
import {
  escapeText,
  foldForComparison,
  hasTranslatableText,
  isIgnorable,
  plainText,
  renumberTags,
  serializeTokens,
  stripIgnorables,
  stripIgnorablesOutsideEmoji,
  stripTags,
  tagSequence,
  tagSignature,
  tagsOf,
  tokenize,
  unescapeText,
} from '../../src/core/segment-text.ts';
import { normalizeForMatch, normalizeText } from '../../src/core/text.ts';
import { segmentText } from '../../src/web/views/review/parts.ts';

describe('tokenize', () => {
  it.each([
    ['', []],
    ['plain', [{ type: 'text', text: 'plain' }]],
    [
      '<g1>a</g1><x2/>',
      [
        { type: 'open', id: '1' },
        { type: 'text', text: 'a' },
        { type: 'close', id: '1' },
        { type: 'standalone', id: '2' },
      ],
    ],
    ['<g01>', [{ type: 'open', id: '01' }]],
    ['a < b', [{ type: 'text', text: 'a < b' }]],
    ['<g>x</g><x/></x1/><b>', [{ type: 'text', text: '<g>x</g><x/></x1/><b>' }]],
    [
      '<<g1>',
      [
        { type: 'text', text: '<' },
        { type: 'open', id: '1' },
      ],
    ],
    ['&amp;&', [{ type: 'text', text: '&amp;&' }]],
    ['<g1', [{ type: 'text', text: '<g1' }]],
  ])('when the text is %j, then the tokens are %j', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
    expect(serializeTokens(tokenize(text))).toBe(text);
  });

  it('when the text is a long run of tag-like starts, then it is tokenized in linear time', () => {
    const text = `<g${'1'.repeat(100_000)}`.repeat(20) + '<x'.repeat(100_000);
    expect(serializeTokens(tokenize(text))).toBe(text);
  });
});

describe('escaping', () => {
  it.each([
    ['a & b < c > d', 'a &amp; b &lt; c &gt; d'],
    ['"quotes" and \'apostrophes\'', '"quotes" and \'apostrophes\''],
  ])('when %j is escaped, then it reads %j', (text, escaped) => {
    expect(escapeText(text)).toBe(escaped);
    expect(unescapeText(escaped)).toBe(text);
  });

  it.each([
    ['&lt;&gt;&amp;&quot;&apos;', '<>&"\''],
    ['&#65;&#x41;&#xac00;', 'AA가'],
    ['&#0; &#xD800; &#x110000;', '\uFFFD \uFFFD \uFFFD'],
    ['a & b &nbsp; &amp c', 'a & b &nbsp; &amp c'],
    ['&amp;lt;', '&lt;'],
  ])('when %j is unescaped, then it reads %j', (escaped, text) => {
    expect(unescapeText(escaped)).toBe(text);
  });
});

describe('plain text and tags', () => {
  it('when segment text has inline tags and escapes, then plainText drops the tags and restores the characters', () => {
    expect(plainText('<g1>Rice</g1> &lt;up&gt; 18%<x2/> &amp; more &quot;q&quot;')).toBe('Rice <up> 18% & more "q"');
    expect(plainText('a<x1/>b', ' ')).toBe('a b');
    expect(stripTags('<g1>a &amp; b</g1>')).toBe('a &amp; b');
  });

  it('when an entity is split by a tag, then it is not an entity', () => {
    expect(plainText('&l<x1/>t;')).toBe('&lt;');
  });

  it('when tags are listed, then order, signature and translatability follow the tags', () => {
    expect(tagSequence('<g2>a<x1/></g2>')).toEqual(['<g2>', '<x1/>', '</g2>']);
    expect(tagSignature('<g2>a<x1/></g2>')).toBe('</g2><g2><x1/>');
    expect(tagSignature('<x1/><g2>b</g2>')).toBe(tagSignature('<g2>a<x1/></g2>'));
    expect(tagsOf('a < b')).toEqual([]);
    expect(hasTranslatableText('<g1> </g1><x2/>')).toBe(false);
    expect(hasTranslatableText('<g1>a</g1>')).toBe(true);
  });

  it('when any text mixes tags, tag-like markup and entities, then plainText, stripTags and tagSequence agree with the tokens', () => {
    const pieces = ['<g1>', '</g1>', '<x2/>', '<g', '</', '<x3>', '<g1/>', '<', '>', '/', '&amp;', '&lt;', '&', 'a', '가', ' ', '1'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const tokens = tokenize(text);
        expect(plainText(text, '|')).toBe(tokens.map((t) => (t.type === 'text' ? unescapeText(t.text) : '|')).join(''));
        expect(tagSequence(text)).toEqual(tagsOf(text).map((t) => serializeTokens([t])));
        expect(stripTags(text)).toBe(maskView(text).text);
      }),
      { numRuns: 3000 },
    );
  });

  it('when tags are renumbered, then pairs follow order of appearance', () => {
    expect(renumberTags('<g2>a</g2> <x5/>', '<g1>a</g1> <x3/>', '<x5/> <g2>A</g2>')).toBe('<x3/> <g1>A</g1>');
    expect(renumberTags('a', 'b', '<g7>c</g7>')).toBe('<g7>c</g7>');
  });

  it('when the source is normalized for matching, then tag numbers are dropped and whitespace collapsed', () => {
    expect(normalizeForMatch('  <g3>a  \n b</g3> <x12/>  ')).toBe('<g>a b</g> <x/>');
  });
});

describe('ignorable code points', () => {
  it.each([
    0x200b, 0x200e, 0x200f, 0x2063, 0x034f, 0x3164, 0x115f, 0x1160, 0xffa0, 0xfe00, 0xfe0f, 0xe0100, 0xe01ef, 0x00ad, 0xfeff, 0x061c,
    0x202e, 0x2066, 0x2069,
  ])('when the code point is U+%s, then it is ignorable', (cp) => {
    expect(isIgnorable(cp)).toBe(true);
  });

  it.each([0x20, 0x41, 0xac00, 0x3000, 0x00a0, 0x1100, 0x0301])('when the code point is %s, then it is not ignorable', (cp) => {
    expect(isIgnorable(cp)).toBe(false);
  });

  it('when text carries invisible code points, then stripIgnorables removes them and folding compares in any form', () => {
    expect(stripIgnorables('김\u200E철\u2063민\uFE00')).toBe('김철민');
    expect(foldForComparison('ＫＩＭ')).toBe('kim');
    expect(foldForComparison('K\u200BIm')).toBe(foldForComparison('kim'));
    expect(foldForComparison('STRASSE')).toBe(foldForComparison('straße'));
    expect(foldForComparison('김\u3164철민')).toBe('김철민');
    expect(foldForComparison('김철민'.normalize('NFD'))).toBe('김철민');
  });
});

// Pieces that make segment texts hard: entities, stray `<` and `&`, tag look-alikes, Hangul and its filler, invisibles.
const ATOMS = [
  'a',
  'Kim',
  ' ',
  '  ',
  '\n',
  '김',
  '철민',
  '했다.',
  '&amp;',
  '&lt;',
  '&gt;',
  '&quot;',
  '&apos;',
  '&#65;',
  '&#xAC00;',
  '&',
  '&lt',
  ';',
  '<',
  '>',
  '<g',
  '</',
  '<x1/',
  '<g12',
  '<g>',
  '<x/>',
  '<b>',
  '"',
  "'",
  '\u3164',
  '\u200B',
  '\u200E',
  'ＫＩＭ',
  'https://example.org/a?b=1&amp;c=2',
] as const;

/** Random segment texts: the atoms, standalone tags and paired tags nested up to a few levels. */
function segmentTexts(atoms: readonly string[]): fc.Arbitrary<string> {
  return fc.letrec<{ node: string; paired: string; text: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(...atoms),
      fc.nat(30).map((n) => `<x${n}/>`),
      tie('paired'),
    ),
    paired: fc.tuple(fc.nat(30), fc.array(tie('node'), { maxLength: 4 })).map(([n, children]) => `<g${n}>${children.join('')}</g${n}>`),
    text: fc.array(tie('node'), { maxLength: 10 }).map((nodes) => nodes.join('')),
  })).text;
}

const segmentArb = segmentTexts(ATOMS);
// Text a person could publish: every atom escaped, so only the generated tags are markup.
const wellFormedArb = segmentTexts(ATOMS.map((a) => escapeText(a)));

const anyString = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom(...ATOMS, '1', '/', 'g', 'x') }));

/** What the review view shows as text: the markup of the tag markers removed, HTML escapes decoded. */
function reviewPlainText(text: string): string {
  return segmentText(text)
    .toString()
    .replace(/<span class="inline-tag[^"]*"[^>]*>.*?<\/span>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|#96);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`' })[e]!);
}

function mdastText(nodes: readonly PhrasingContent[]): string {
  return nodes.map((n) => ('children' in n ? mdastText(n.children) : n.type === 'text' ? n.value : '')).join('');
}

describe('segment text properties', () => {
  it('when any string is tokenized and serialized, then it is unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(segmentArb, anyString), (text) => {
        expect(serializeTokens(tokenize(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('when any string is escaped and unescaped, then it is unchanged, and escaped text has no tags', () => {
    fc.assert(
      fc.property(fc.oneof(segmentArb, anyString), (text) => {
        expect(unescapeText(escapeText(text))).toBe(text);
        expect(tokenize(escapeText(text)).every((t) => t.type === 'text')).toBe(true);
        expect(plainText(escapeText(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('when segment text has nested tags, entities and stray characters, then every consumer agrees on its plain text', () => {
    fc.assert(
      fc.property(segmentArb, (text) => {
        const plain = plainText(text);
        // The review view.
        expect(reviewPlainText(text)).toBe(plain);
        // Masking's view: the same text runs, split at the same tags.
        const view = maskView(text);
        const runs = view.runs.map((r, i) => unescapeText(view.text.slice(r.view, view.runs[i + 1]?.view ?? view.text.length)));
        expect(runs.join('')).toBe(plain);
        // Translation memory's matching form, tag symbols and whitespace aside; invisible characters never count.
        const memory = matchForm(text).replace(/[\uE001-\uE003\s]/g, '');
        expect(memory).toBe(
          stripIgnorablesOutsideEmoji(plainText(normalizeText(text)))
            .toLowerCase()
            .replace(/\s/g, ''),
        );
        // The format decoder that rebuilds the published document.
        const tags: Record<string, InlineTag> = {};
        for (const t of tagsOf(text)) tags[t.id] ??= t.type === 'standalone' ? { type: 'x', node: 'break' } : { type: 'g', node: 'strong' };
        try {
          expect(mdastText(taggedToPhrasing(text, tags, 'test'))).toBe(plain);
        } catch (error) {
          // Refused only for what cannot be published: a raw `<`, a number used as both kinds, or bad nesting.
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('when well-formed segment text is decoded, then the decoder never refuses it', () => {
    fc.assert(
      fc.property(wellFormedArb, (text) => {
        const tags: Record<string, InlineTag> = {};
        for (const t of tagsOf(text)) tags[t.id] ??= t.type === 'standalone' ? { type: 'x', node: 'break' } : { type: 'g', node: 'strong' };
        fc.pre(tagsOf(text).every((t) => (t.type === 'standalone') === (tags[t.id]!.type === 'x')));
        expect(mdastText(taggedToPhrasing(text, tags, 'test'))).toBe(plainText(text));
      }),
      { numRuns: 300 },
    );
  });
});
