import { isTag, isText, type ChildNode, type Element } from 'domhandler';
import { Parser, parseDocument } from 'htmlparser2';
import type { BlockContent, List, ListItem, PhrasingContent, RootContent, Table, TableCell, TableRow } from 'mdast';
import { LimitError } from '../../core/errors.ts';
import { LIMITS } from '../../core/limits.ts';
import type { Format, ParsedDocument } from '../../core/ports/format.ts';
import { normalizeText } from '../../core/text.ts';
import { MarkdownFormat } from './markdown.ts';
import { checkNestingDepth } from './markdown-shape.ts';
import { createFrontMatter, stringifyMarkdownTree } from './markdown-tree.ts';
import { collapse, tidy } from './html-whitespace.ts';

// Page furniture and active content: none of it is article text, and scripts must never reach the document.
const DROPPED = new Set(
  'script style noscript iframe nav aside footer template svg math canvas form button input select textarea object embed head title meta link audio video dialog menu'.split(
    ' ',
  ),
);
const CONTAINERS = new Set('html body div section article main header hgroup address details summary dl dt dd center picture'.split(' '));
const BLOCKS = new Set([...CONTAINERS, ...'p h1 h2 h3 h4 h5 h6 ul ol li blockquote pre table figure figcaption hr'.split(' ')]);
const UNSAFE_URL = /^\s*(?:javascript|vbscript|data):/i;

const PARSER_OPTIONS = { lowerCaseTags: true, lowerCaseAttributeNames: true } as const;

/**
 * Throws LimitError `htmlDepth` when elements nest deeper than LIMITS.htmlDepth, before the document is built:
 * htmlparser2 keeps its open elements in an array it shifts at the front, so building a 100,000-deep document takes
 * minutes. This pass runs the same parser (so the same implied closes) and stops at the first element too deep.
 */
function checkElementDepth(text: string, file: string): void {
  let depth = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (++depth > LIMITS.htmlDepth) {
          throw new LimitError(
            'htmlDepth',
            `html: ${file} nests elements more than ${LIMITS.htmlDepth} levels deep (at a <${name}>); import the article without the page around it`,
            { file },
          );
        }
      },
      onclosetag() {
        depth--;
      },
    },
    PARSER_OPTIONS,
  );
  parser.end(text);
}

/**
 * An article page or fragment in HTML. Throws LimitError when elements nest deeper than LIMITS.htmlDepth or the
 * article's markup deeper than LIMITS.nestingDepth. The body is the first `<article>`, else `<main>`, else `<body>`. The first
 * `<h1>` is the title (else `<title>`), `<meta name="description">` the subtitle; `<figure>` images keep their
 * `<figcaption>` as the image title, which the Markdown format reads as a `caption` segment. Converted to Markdown,
 * then segmented by MarkdownFormat so that segments always match what a rebuild of `document` sees.
 */
export const HtmlFormat = {
  id: 'html',
  extensions: ['.html', '.htm'],
  parse(text: string, file = 'document.html'): ParsedDocument {
    const normalized = normalizeText(text);
    // Everything below walks the tree recursively, and building a deep tree is slow.
    checkElementDepth(normalized, file);
    const dom = parseDocument(normalized, PARSER_OPTIONS);
    const all = descendants(dom.children);
    const root = all.find((e) => e.name === 'article') ?? all.find((e) => e.name === 'main') ?? all.find((e) => e.name === 'body');
    const scope = root ? [root] : dom.children;

    const h1 = descendants(scope).find((e) => e.name === 'h1') ?? descendants(dom.children).find((e) => e.name === 'h1');
    const titleElement = all.find((e) => e.name === 'title');
    const title = collapse(textOf(h1 ?? titleElement)).trim();
    const meta = all.find(
      (e) => e.name === 'meta' && ['description', 'og:description'].includes((e.attribs.name ?? e.attribs.property ?? '').toLowerCase()),
    );
    const subtitle = collapse(meta?.attribs.content ?? '').trim();

    const body = new Converter(h1).blocks(scope);
    checkNestingDepth({ type: 'root', children: body }, file);
    const data = { title: title || undefined, subtitle: subtitle || undefined };
    const yaml = data.title || data.subtitle ? createFrontMatter(data) : null;
    const markdown = stringifyMarkdownTree({ root: { type: 'root', children: body }, yaml });
    return MarkdownFormat.parse(markdown, file);
  },
} as const satisfies Format;

class Converter {
  readonly #skip: Element | undefined;

  constructor(skip: Element | undefined) {
    this.#skip = skip;
  }

  blocks(nodes: readonly ChildNode[]): RootContent[] {
    const out: RootContent[] = [];
    let inline: ChildNode[] = [];
    const flush = () => {
      const children = tidy(this.inline(inline));
      if (children.length > 0) out.push({ type: 'paragraph', children });
      inline = [];
    };
    for (const node of nodes) {
      if (isTag(node) && (BLOCKS.has(node.name) || node === this.#skip || DROPPED.has(node.name))) {
        flush();
        out.push(...this.block(node));
      } else {
        inline.push(node);
      }
    }
    flush();
    return out;
  }

  block(el: Element): RootContent[] {
    if (el === this.#skip || DROPPED.has(el.name)) return [];
    const name = el.name;
    if (CONTAINERS.has(name) || name === 'li') return this.blocks(el.children);
    if (name === 'p' || name === 'figcaption') return this.paragraph(el.children);
    if (/^h[1-6]$/.test(name)) {
      const children = tidy(this.inline(el.children));
      const depth = Number(name[1]) as 1 | 2 | 3 | 4 | 5 | 6;
      return children.length > 0 ? [{ type: 'heading', depth, children }] : [];
    }
    if (name === 'ul' || name === 'ol') return this.list(el);
    if (name === 'blockquote') {
      const children = this.blocks(el.children) as BlockContent[];
      return children.length > 0 ? [{ type: 'blockquote', children }] : [];
    }
    if (name === 'pre') {
      const code = el.children.find((c): c is Element => isTag(c) && c.name === 'code');
      const lang = /(?:^|\s)(?:language|lang)-([\w+-]+)/.exec(code?.attribs.class ?? '')?.[1] ?? null;
      return [{ type: 'code', lang, value: textOf(el).replace(/^\n/, '').replace(/\n$/, '') }];
    }
    if (name === 'table') return this.table(el);
    if (name === 'figure') return this.figure(el);
    if (name === 'hr') return [{ type: 'thematicBreak' }];
    return this.blocks(el.children);
  }

  paragraph(nodes: readonly ChildNode[]): RootContent[] {
    // A <p> holding blocks (invalid, but common in CMS output) is read as those blocks.
    if (nodes.some((n) => isTag(n) && BLOCKS.has(n.name))) return this.blocks(nodes);
    const children = tidy(this.inline(nodes));
    return children.length > 0 ? [{ type: 'paragraph', children }] : [];
  }

  list(el: Element): RootContent[] {
    const items: ListItem[] = [];
    for (const child of el.children) {
      if (isText(child) && child.data.trim() === '') continue;
      const content = isTag(child) && child.name === 'li' ? child.children : [child];
      const children = this.blocks(content) as BlockContent[];
      if (children.length > 0) items.push({ type: 'listItem', spread: false, children });
    }
    if (items.length === 0) return [];
    const ordered = el.name === 'ol';
    const start = ordered ? Number.parseInt(el.attribs.start ?? '1', 10) : null;
    const list: List = { type: 'list', ordered, start: Number.isFinite(start) ? start : 1, spread: false, children: items };
    return [list];
  }

  table(el: Element): RootContent[] {
    const rows = descendants(el.children).filter((e) => e.name === 'tr');
    const cells = rows.map((row) =>
      row.children
        .filter((c): c is Element => isTag(c) && (c.name === 'td' || c.name === 'th'))
        .map((c): TableCell => ({ type: 'tableCell', children: tidy(this.inline(c.children)) })),
    );
    const width = Math.max(0, ...cells.map((r) => r.length));
    if (width === 0) return [];
    const children: TableRow[] = cells.map((r) => ({
      type: 'tableRow',
      children: [...r, ...Array.from({ length: width - r.length }, (): TableCell => ({ type: 'tableCell', children: [] }))],
    }));
    const table: Table = { type: 'table', align: Array.from({ length: width }, () => null), children };
    return [table];
  }

  figure(el: Element): RootContent[] {
    const img = descendants(el.children).find((e) => e.name === 'img');
    const caption = descendants(el.children).find((e) => e.name === 'figcaption');
    const src = img?.attribs.src;
    if (!img || src === undefined || UNSAFE_URL.test(src)) return this.blocks(el.children.filter((c) => c !== img));
    const title = collapse(textOf(caption)).trim();
    const image: PhrasingContent = { type: 'image', url: src, alt: collapse(img.attribs.alt ?? '').trim(), title: title || null };
    return [{ type: 'paragraph', children: [image] }];
  }

  inline(nodes: readonly ChildNode[]): PhrasingContent[] {
    const out: PhrasingContent[] = [];
    for (const node of nodes) {
      if (isText(node)) {
        out.push({ type: 'text', value: node.data });
        continue;
      }
      if (!isTag(node) || node === this.#skip || DROPPED.has(node.name)) continue;
      const children = () => this.inline(node.children);
      switch (node.name) {
        case 'strong':
        case 'b':
          out.push({ type: 'strong', children: children() });
          break;
        case 'em':
        case 'i':
          out.push({ type: 'emphasis', children: children() });
          break;
        case 'del':
        case 's':
        case 'strike':
          out.push({ type: 'delete', children: children() });
          break;
        case 'code':
        case 'kbd':
        case 'samp':
        case 'tt':
          out.push({ type: 'inlineCode', value: collapse(textOf(node)) });
          break;
        case 'br':
          out.push({ type: 'break' });
          break;
        case 'img': {
          const src = node.attribs.src;
          if (src !== undefined && !UNSAFE_URL.test(src)) {
            out.push({ type: 'image', url: src, alt: collapse(node.attribs.alt ?? '').trim(), title: node.attribs.title ?? null });
          }
          break;
        }
        case 'a': {
          const href = node.attribs.href;
          if (href !== undefined && href !== '' && !UNSAFE_URL.test(href)) {
            out.push({ type: 'link', url: href, title: node.attribs.title ?? null, children: children() });
          } else {
            out.push(...children());
          }
          break;
        }
        default:
          // Blocks met inside inline content are flattened; a space keeps their words apart.
          if (BLOCKS.has(node.name)) out.push({ type: 'text', value: ' ' }, ...children(), { type: 'text', value: ' ' });
          else out.push(...children());
      }
    }
    return out;
  }
}

function textOf(node: ChildNode | undefined): string {
  if (!node) return '';
  if (isText(node)) return node.data;
  if (isTag(node)) {
    if (node.name === 'br') return '\n';
    return DROPPED.has(node.name) && node.name !== 'title' ? '' : node.children.map(textOf).join('');
  }
  return '';
}

function descendants(nodes: readonly ChildNode[]): Element[] {
  const out: Element[] = [];
  const walk = (list: readonly ChildNode[]) => {
    for (const node of list) {
      if (!isTag(node)) continue;
      out.push(node);
      if (!DROPPED.has(node.name) || node.name === 'head') walk(node.children);
    }
  };
  walk(nodes);
  return out;
}
