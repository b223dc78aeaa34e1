import type { Paragraph } from 'mdast';
import type { Format, ParsedDocument } from '../../core/ports/format.ts';
import { normalizeText } from '../../core/text.ts';
import { MarkdownFormat } from './markdown.ts';
import { createFrontMatter, stringifyMarkdownTree } from './markdown-tree.ts';

/**
 * Plain text: a blank line separates paragraphs, and line breaks inside a paragraph are kept as soft breaks.
 * The first line of the file is the title (front matter `title`); the rest of its paragraph, if any, is the first
 * paragraph. Text becomes mdast text nodes, so the stringifier escapes Markdown syntax (`*`, `#`, `1.`, `<`) and a
 * rebuild gives the same words back. Segmented by MarkdownFormat on the resulting document.
 */
export const TextFormat = {
  id: 'text',
  extensions: ['.txt'],
  parse(text: string, file = 'document.txt'): ParsedDocument {
    const blocks = normalizeText(text)
      .split(/\n[ \t\u3000]*\n/)
      .map((block) =>
        block
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== ''),
      )
      .filter((lines) => lines.length > 0);
    const [first, ...rest] = blocks;
    const title = first?.[0];
    const paragraphs = first && first.length > 1 ? [first.slice(1), ...rest] : rest;
    const children = paragraphs.map((lines): Paragraph => ({ type: 'paragraph', children: [{ type: 'text', value: lines.join('\n') }] }));
    const markdown = stringifyMarkdownTree({
      root: { type: 'root', children },
      yaml: title === undefined ? null : createFrontMatter({ title }),
    });
    return MarkdownFormat.parse(markdown, file);
  },
} as const satisfies Format;
