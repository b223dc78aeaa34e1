import type { PhrasingContent } from 'mdast';
import { ValidationError } from '../../core/errors.ts';
import type { InlineTag } from '../../core/model.ts';
import { escapeText, tagString, tokenize, unescapeText } from '../../core/segment-text.ts';
import { parseShortcode } from '../../core/shortcode.ts';
import type {} from './shortcode-syntax.ts';

type Attrs = Record<string, string | null>;

export interface TaggedText {
  readonly source: string;
  readonly tags: Readonly<Record<string, InlineTag>>;
}

/** Inline mdast → segment text with numbered tags (see InlineTag in core/model.ts). Numbers follow tag starts in reading order. */
export function phrasingToTagged(nodes: readonly PhrasingContent[]): TaggedText {
  const tags: Record<string, InlineTag> = {};
  let next = 1;
  const walk = (list: readonly PhrasingContent[]): string => {
    let out = '';
    const pairs = shortcodePairs(list);
    for (let i = 0; i < list.length; i++) {
      const node = list[i]!;
      if (node.type === 'text') {
        out += escapeText(node.value);
        continue;
      }
      const n = String(next++);
      switch (node.type) {
        case 'strong':
        case 'emphasis':
        case 'delete':
          tags[n] = { type: 'g', node: node.type };
          out += `<g${n}>${walk(node.children)}</g${n}>`;
          break;
        case 'link':
          tags[n] = { type: 'g', node: 'link', attrs: { url: node.url, title: node.title ?? null } };
          out += `<g${n}>${walk(node.children)}</g${n}>`;
          break;
        case 'linkReference':
          tags[n] = {
            type: 'g',
            node: 'linkReference',
            attrs: { identifier: node.identifier, label: node.label ?? null, referenceType: node.referenceType },
          };
          out += `<g${n}>${walk(node.children)}</g${n}>`;
          break;
        case 'image':
          tags[n] = { type: 'x', node: 'image', attrs: { url: node.url, title: node.title ?? null, alt: node.alt ?? null } };
          out += `<x${n}/>`;
          break;
        case 'imageReference':
          tags[n] = {
            type: 'x',
            node: 'imageReference',
            attrs: {
              identifier: node.identifier,
              label: node.label ?? null,
              referenceType: node.referenceType,
              alt: node.alt ?? null,
            },
          };
          out += `<x${n}/>`;
          break;
        case 'inlineCode':
        case 'html':
          tags[n] = { type: 'x', node: node.type, attrs: { value: node.value } };
          out += `<x${n}/>`;
          break;
        case 'shortcode': {
          const close = pairs.get(i);
          if (close === undefined) {
            tags[n] = { type: 'x', node: 'shortcode', attrs: { value: node.value } };
            out += `<x${n}/>`;
          } else {
            const closeNode = list[close] as { value: string };
            tags[n] = { type: 'g', node: 'shortcode', attrs: { open: node.value, close: closeNode.value } };
            out += `<g${n}>${walk(list.slice(i + 1, close))}</g${n}>`;
            i = close;
          }
          break;
        }
        case 'shortcodePair':
          tags[n] = { type: 'g', node: 'shortcode', attrs: { open: node.open, close: node.close } };
          out += `<g${n}>${walk(node.children)}</g${n}>`;
          break;
        case 'break':
          tags[n] = { type: 'x', node: 'break' };
          out += `<x${n}/>`;
          break;
        case 'footnoteReference':
          tags[n] = { type: 'x', node: 'footnoteReference', attrs: { identifier: node.identifier, label: node.label ?? null } };
          out += `<x${n}/>`;
          break;
        default: {
          // A phrasing node from a future extension: keep it untranslated rather than lose it.
          const unknown = node as { type: string; value?: unknown };
          tags[n] = { type: 'x', node: 'html', attrs: { value: typeof unknown.value === 'string' ? unknown.value : '' } };
          out += `<x${n}/>`;
        }
      }
    }
    return out;
  };
  const source = walk(nodes);
  return { source, tags };
}

/**
 * Opening shortcode index → index of its closing tag among the same siblings (`{{% note %}}…{{% /note %}}`), so the
 * text between them becomes `<gN>…</gN>`. An opener without a closer here (a block shortcode spanning paragraphs, or
 * one that takes no inner text) stays a standalone tag.
 */
function shortcodePairs(list: readonly PhrasingContent[]): Map<number, number> {
  const pairs = new Map<number, number>();
  const open: { name: string; index: number }[] = [];
  list.forEach((node, index) => {
    if (node.type !== 'shortcode') return;
    const sc = parseShortcode(node.value);
    if (!sc || sc.escaped || sc.selfClosing) return;
    if (!sc.closing) {
      open.push({ name: sc.name, index });
      return;
    }
    const at = open.findLastIndex((o) => o.name === sc.name);
    if (at === -1) return;
    pairs.set(open[at]!.index, index);
    open.length = at;
  });
  return pairs;
}

/** Decode `&lt;`-style escapes in tag-free text (lenient: a bare `&` or `>` stays as it is); a tag or raw `<` is refused. */
export function unescapeXml(text: string, where: string): string {
  return decodeTokens(text, {}, where)
    .map((n) => (n.type === 'text' ? n.value : ''))
    .join('');
}

/**
 * Segment text with tags → inline mdast, using the source segment's tags for what each number stands for.
 * Throws ValidationError for a tag the source does not have, a paired/standalone mismatch or unbalanced tags.
 */
export function taggedToPhrasing(text: string, tags: Readonly<Record<string, InlineTag>>, where: string): PhrasingContent[] {
  return decodeTokens(text, tags, where);
}

function decodeTokens(text: string, tags: Readonly<Record<string, InlineTag>>, where: string): PhrasingContent[] {
  const root: { children: PhrasingContent[]; n: string | null } = { children: [], n: null };
  const stack = [root];
  let buffer = '';
  const top = () => stack[stack.length - 1] ?? root;
  const flush = () => {
    if (buffer === '') return;
    const children = top().children;
    const prev = children[children.length - 1];
    if (prev?.type === 'text') prev.value += buffer;
    else children.push({ type: 'text', value: buffer });
    buffer = '';
  };
  const tagOf = (n: string, shown: string, type: 'g' | 'x'): InlineTag => {
    const tag = tags[n];
    if (!tag) {
      throw new ValidationError(`${where}: uses ${shown} but the source has no tag ${n}; keep only the source's tags`, [
        `unknown-tag:${n}`,
      ]);
    }
    if (tag.type !== type) {
      const expected = tag.type === 'g' ? `<g${n}>…</g${n}>` : `<x${n}/>`;
      throw new ValidationError(`${where}: uses ${shown} but tag ${n} is written ${expected}`, [`tag-type:${n}`]);
    }
    return tag;
  };

  let offset = 0;
  for (const token of tokenize(text)) {
    const at = offset;
    offset += token.type === 'text' ? token.text.length : tagString(token).length;
    if (token.type === 'text') {
      // The tokenizer leaves anything that is not exactly a tag as text; a `<` in it was neither a tag nor escaped.
      const raw = token.text.indexOf('<');
      if (raw !== -1) {
        throw new ValidationError(`${where}: a "<" at character ${at + raw + 1} is neither an inline tag nor escaped; write it as &lt;`, [
          'raw-lt',
        ]);
      }
      buffer += unescapeText(token.text);
      continue;
    }
    flush();
    const shown = tagString(token);
    if (token.type === 'close') {
      if (top().n !== token.id) {
        throw new ValidationError(`${where}: ${shown} does not close the open tag; tags must nest like XML`, [`unbalanced:${token.id}`]);
      }
      stack.pop();
    } else if (token.type === 'open') {
      const node = pairedNode(tagOf(token.id, shown, 'g'));
      top().children.push(node);
      stack.push({ children: node.children, n: token.id });
    } else {
      top().children.push(standaloneNode(tagOf(token.id, shown, 'x')));
    }
  }
  flush();
  const open = top();
  if (open !== root) {
    throw new ValidationError(`${where}: <g${open.n}> is never closed; close it with </g${open.n}>`, [`unclosed:${open.n}`]);
  }
  return root.children;
}

function attr(attrs: Attrs | undefined, key: string): string | null {
  return attrs?.[key] ?? null;
}

type PairedNode = Extract<PhrasingContent, { children: PhrasingContent[] }>;

function pairedNode(tag: InlineTag): PairedNode {
  const attrs = tag.attrs as Attrs | undefined;
  switch (tag.node) {
    case 'strong':
    case 'emphasis':
    case 'delete':
      return { type: tag.node, children: [] };
    case 'link':
      return { type: 'link', url: attr(attrs, 'url') ?? '', title: attr(attrs, 'title'), children: [] };
    case 'linkReference':
      return {
        type: 'linkReference',
        identifier: attr(attrs, 'identifier') ?? '',
        label: attr(attrs, 'label'),
        referenceType: referenceType(attr(attrs, 'referenceType')),
        children: [],
      };
    case 'shortcode':
      return { type: 'shortcodePair', open: attr(attrs, 'open') ?? '', close: attr(attrs, 'close') ?? '', children: [] };
    default:
      // Unknown paired markup from another adapter: keep the words, drop the markup.
      return { type: 'emphasis', children: [] };
  }
}

function standaloneNode(tag: InlineTag): PhrasingContent {
  const attrs = tag.attrs as Attrs | undefined;
  switch (tag.node) {
    case 'break':
      return { type: 'break' };
    case 'inlineCode':
      return { type: 'inlineCode', value: attr(attrs, 'value') ?? '' };
    case 'image':
      return { type: 'image', url: attr(attrs, 'url') ?? '', title: attr(attrs, 'title'), alt: attr(attrs, 'alt') };
    case 'imageReference':
      return {
        type: 'imageReference',
        identifier: attr(attrs, 'identifier') ?? '',
        label: attr(attrs, 'label'),
        referenceType: referenceType(attr(attrs, 'referenceType')),
        alt: attr(attrs, 'alt'),
      };
    case 'footnoteReference':
      return { type: 'footnoteReference', identifier: attr(attrs, 'identifier') ?? '', label: attr(attrs, 'label') };
    case 'shortcode':
      return { type: 'shortcode', value: attr(attrs, 'value') ?? '' };
    default:
      return { type: 'html', value: attr(attrs, 'value') ?? '' };
  }
}

function referenceType(value: string | null): 'shortcut' | 'collapsed' | 'full' {
  return value === 'shortcut' || value === 'collapsed' ? value : 'full';
}
