// remark (unified + remark-parse/gfm/frontmatter + remark-stringify) rather than markdown-it: it yields an mdast with
// exact positions and has a real stringifier, so a rebuild is a tree transform (swap a segment's inline nodes, stringify)
// instead of string surgery that would have to re-escape and re-indent text inside lists, quotes and tables.
import { ValidationError } from '../../core/errors.ts';
import { normalizeText } from '../../core/text.ts';
import type { DocumentRebuilder, Format, ParsedDocument } from '../../core/ports/format.ts';
import {
  checkTextCount,
  collectUnits,
  frontMatterOf,
  parseMarkdownTree,
  setFrontMatter,
  stringifyMarkdownTree,
  titleOf,
  type MarkdownConfig,
  type MarkdownTree,
} from './markdown-tree.ts';

export type { MarkdownConfig } from './markdown-tree.ts';

/**
 * Markdown (CommonMark + GFM tables, strikethrough, footnotes, Hugo shortcodes) with optional YAML, TOML or JSON front
 * matter, written back in the syntax it came in. Without a front matter `title`, the first top-level `# H1` is the
 * title: it becomes a `title` segment and `frontMatter.title` (plain text), while the document keeps it where it is.
 * `config` must be the same one the rebuilder gets, or the two disagree on the segments of a document.
 */
export function createMarkdownFormat(config: MarkdownConfig = {}) {
  return {
    id: 'markdown',
    extensions: ['.md', '.markdown'],
    parse(text: string, file = 'document.md'): ParsedDocument {
      const tree = parseMarkdownTree(normalizeText(text), file);
      const units = collectUnits(tree, config);
      const frontMatter = frontMatterOf(tree);
      const title = titleOf(tree, units);
      return {
        frontMatter: title === undefined ? frontMatter : { ...frontMatter, title },
        segments: units.map(({ kind, source, tags }) => ({ kind, source, tags })),
        document: stringifyMarkdownTree(tree),
      };
    },
  } as const satisfies Format;
}

/** The Markdown format with the default translated front matter keys. */
export const MarkdownFormat = createMarkdownFormat();

// Publishing rebuilds one source document once per locale and previews rebuild it on every edit: parsing dominates
// the cost (micromark is ~10x slower than stringifying), so recently used source trees are kept and cloned.
const CACHE_ENTRIES = 16;
const CACHE_CHARS = 2_000_000;
const treeCache = new Map<string, MarkdownTree>();
let cachedChars = 0;

function sourceTree(document: string): MarkdownTree {
  let tree = treeCache.get(document);
  if (tree) {
    treeCache.delete(document);
    treeCache.set(document, tree);
  } else {
    tree = parseMarkdownTree(document, 'document');
    dropPositions(tree.root);
    if (document.length <= CACHE_CHARS) {
      treeCache.set(document, tree);
      cachedChars += document.length;
      for (const key of treeCache.keys()) {
        if (treeCache.size <= CACHE_ENTRIES && cachedChars <= CACHE_CHARS) break;
        treeCache.delete(key);
        cachedChars -= key.length;
      }
    }
  }
  return { root: structuredClone(tree.root), yaml: tree.yaml?.clone() ?? null, ...(tree.syntax ? { syntax: tree.syntax } : {}) };
}

/** Positions are not needed to stringify, and without them a clone is about half the work. */
function dropPositions(node: { position?: unknown; children?: unknown }): void {
  delete node.position;
  if (Array.isArray(node.children)) for (const child of node.children) dropPositions(child as { position?: unknown });
}

/**
 * Rebuilds localized Markdown by swapping each segment's nodes in the parsed source document, then stringifying.
 * `config` must match the format that parsed the document (see createMarkdownFormat).
 */
export function createMarkdownRebuilder(config: MarkdownConfig = {}): DocumentRebuilder {
  return {
    rebuild(document, texts, frontMatter = {}) {
      const tree = sourceTree(document);
      const units = collectUnits(tree, config);
      checkTextCount(units, texts);
      units.forEach((unit, i) => {
        const text = (texts[i] ?? '').normalize('NFC').trim();
        const where = `rebuild: segment ${i + 1} (${unit.kind})`;
        if (text === '') {
          throw new ValidationError(`${where} has an empty text; pass the source text to keep it untranslated`);
        }
        unit.apply(text, where);
      });
      const overrides = Object.keys(frontMatter).length === 0 ? tree : setFrontMatter(tree, frontMatter);
      return stringifyMarkdownTree(overrides);
    },
  };
}

/** The rebuilder with the default translated front matter keys. */
export const markdownRebuilder: DocumentRebuilder = createMarkdownRebuilder();
