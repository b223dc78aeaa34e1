import type { XliffInline, XliffValue } from 'xliff';
import { placeholder, splitPlaceholders } from '../../core/masking.ts';
import type { XliffVersion } from '../../core/ports/xliff-format.ts';
import { escapeText, tokenize, unescapeText } from '../../core/segment-text.ts';

/**
 * Segment text ↔ the xliff library's inline values. A paired tag `<g1>…</g1>` is 1.2 `<g id="1">` and 2.0
 * `<pc id="1">`; a standalone `<x2/>` is 1.2 `<x id="2"/>` and 2.0 `<ph id="2"/>`; a masking placeholder `<tdmc
 * i="3"/>` is a standalone element with id `c3`, marked as a confidential name for the agency's tool. Inline elements
 * Tandem does not write (1.2 `<bpt>`, `<ph>`, 2.0 `<sc>`, `<ec>`…) or ids that are not Tandem's are not guessed at:
 * the unit is reported with what was found.
 */

/** The library's element type for a paired tag in each version (1.2 maps its `<ph>` to `Span`). */
const PAIRED: Readonly<Record<XliffVersion, string>> = { '1.2': 'GenericSpan', '2.0': 'Span' };
const STANDALONE = 'Standalone';
// `<mrk>` (1.2) only annotates the text it holds: its contents are kept.
const MARKER = 'Marker';
const TAG_ID = /^\d+$/;
const MASK_ID = /^c(\d+)$/;

/** The attributes a confidential placeholder is written with, so an agency's tool shows it as a protected name. */
const MASK_ATTRIBUTES: Readonly<Record<XliffVersion, Readonly<Record<string, string>>>> = {
  '1.2': { ctype: 'x-tandem-confidential', 'equiv-text': '[confidential]' },
  '2.0': { type: 'other', subType: 'tandem:confidential', disp: '[confidential]', canDelete: 'no' },
};

/** The element names each version's types stand for, for reports. */
const ELEMENT_NAMES: Readonly<Record<XliffVersion, Readonly<Record<string, string>>>> = {
  '1.2': { GenericSpan: 'g', Standalone: 'x', Span: 'ph', SpanStart: 'bpt', SpanEnd: 'ept', GenericSpanStart: 'bx', GenericSpanEnd: 'ex' },
  '2.0': { Span: 'pc', Standalone: 'ph', SpanStart: 'sc', SpanEnd: 'ec', Plural: 'plural', Gender: 'gender', Select: 'select' },
};

type Piece = string | XliffInline;

function simplify(pieces: Piece[]): XliffValue {
  if (pieces.length === 0) return '';
  return pieces.length === 1 && typeof pieces[0] === 'string' ? pieces[0] : pieces;
}

/** Segment text (possibly masked) → the library's inline value for `version`. */
export function toInline(text: string, version: XliffVersion): XliffValue {
  const root: Piece[] = [];
  const stack: { id: string; pieces: Piece[] }[] = [];
  const current = () => stack.at(-1)?.pieces ?? root;
  for (const token of tokenize(text)) {
    if (token.type === 'open') stack.push({ id: token.id, pieces: [] });
    else if (token.type === 'close') {
      const open = stack.pop();
      current().push({ [PAIRED[version]]: { id: token.id, contents: simplify(open?.pieces ?? []) } });
    } else if (token.type === 'standalone') current().push({ [STANDALONE]: { id: token.id } });
    else {
      for (const piece of splitPlaceholders(token.text)) {
        current().push(
          typeof piece === 'number' ? { [STANDALONE]: { id: `c${piece}`, ...MASK_ATTRIBUTES[version] } } : unescapeText(piece),
        );
      }
    }
  }
  // Segment text is well-formed (tags pair up); an unclosed tag's contents are kept after its start.
  while (stack.length > 0) {
    const open = stack.pop()!;
    current().push(...open.pieces);
  }
  return simplify(root);
}

/** The result of reading an inline value: segment text, or what in it Tandem cannot carry. */
export type InlineRead = { readonly text: string } | { readonly problem: string };

/** The library's inline value (as read from a `<source>` or `<target>` of `version`) → segment text. */
export function fromInline(value: XliffValue | undefined, version: XliffVersion): InlineRead {
  let problem: string | null = null;
  const walk = (v: XliffValue | undefined): string => {
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return escapeText(v);
    if (Array.isArray(v)) return (v as readonly Piece[]).map((p) => walk(p)).join('');
    const [type, element] = Object.entries(v as XliffInline)[0] ?? [];
    if (type === undefined || element === undefined) return '';
    const id = typeof element.id === 'string' ? element.id : '';
    const name = ELEMENT_NAMES[version][type] ?? type;
    if (type === MARKER) return walk(element.contents);
    if (type === PAIRED[version] && TAG_ID.test(id)) return `<g${id}>${walk(element.contents)}</g${id}>`;
    if (type === STANDALONE && TAG_ID.test(id)) return `<x${id}/>`;
    const mask = type === STANDALONE ? MASK_ID.exec(id) : null;
    if (mask) return placeholder(Number(mask[1]));
    problem ??= id === '' ? `<${name}> without id` : `<${name} id="${id}">`;
    return '';
  };
  const text = walk(value);
  return problem === null ? { text: text.normalize('NFC') } : { problem };
}
