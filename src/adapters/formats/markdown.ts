import { ValidationError } from '../../core/errors.ts';
import type { DocumentRebuilder, Format, ParsedDocument } from '../../core/ports/format.ts';
import {
  checkTextCount,
  collectUnits,
  frontMatterOf,
  parseMarkdownTree,
  setFrontMatter,
  stringifyMarkdownTree,
  titleOf,
} from './markdown-tree.ts';

/**
 * Markdown (CommonMark + GFM tables, strikethrough, footnotes) with optional YAML front matter.
 * Without a front matter `title`, the first top-level `# H1` is the title: it becomes a `title` segment and
 * `frontMatter.title` (plain text), while the document keeps it where it is.
 */
export const MarkdownFormat = {
  id: 'markdown',
  extensions: ['.md', '.markdown'],
  parse(text: string, file = 'document.md'): ParsedDocument {
    const tree = parseMarkdownTree(text, file);
    const units = collectUnits(tree);
    const frontMatter = frontMatterOf(tree);
    const title = titleOf(tree, units);
    return {
      frontMatter: title === undefined ? frontMatter : { ...frontMatter, title },
      segments: units.map(({ kind, source, tags }) => ({ kind, source, tags })),
      document: stringifyMarkdownTree(tree),
    };
  },
} as const satisfies Format;

/** Rebuilds localized Markdown by swapping each segment's nodes in the parsed source document, then stringifying. */
export const markdownRebuilder: DocumentRebuilder = {
  rebuild(document, texts, frontMatter = {}) {
    const tree = parseMarkdownTree(document, 'document');
    const units = collectUnits(tree);
    checkTextCount(units, texts);
    units.forEach((unit, i) => {
      const text = (texts[i] ?? '').trim();
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
