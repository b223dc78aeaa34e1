import type { Paragraph } from 'mdast';
import type { Format, ParsedDocument } from '../../core/ports/format.ts';
import { checkSegmentCount, checkSegmentLength } from '../../core/segment-limits.ts';
import { normalizeText } from '../../core/text.ts';
import { MarkdownFormat } from './markdown.ts';
import { createFrontMatter, stringifyMarkdownTree } from './markdown-tree.ts';

/**
 * Plain text: a blank line separates paragraphs, and line breaks inside a paragraph are kept as soft breaks.
 * The first line of the file is the title (front matter `title`); the rest of its paragraph, if any, is the first
 * paragraph. Text becomes mdast text nodes, so the stringifier escapes Markdown syntax (`*`, `#`, `1.`, `<`) and a
 * rebuild gives the same words back. Segmented by MarkdownFormat on the resulting document. Throws LimitError past
 * LIMITS.segments or LIMITS.segmentChars before any Markdown is built.
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
    // Each paragraph is a segment: the segment limits are checked before the text is turned into Markdown and parsed.
    checkSegmentCount(paragraphs.length + (title === undefined ? 0 : 1), file);
    [title ?? '', ...paragraphs.map((lines) => lines.join('\n'))].forEach((text, i) => {
      checkSegmentLength(text, i, file);
    });
    const children = paragraphs.map((lines): Paragraph => ({ type: 'paragraph', children: [{ type: 'text', value: lines.join('\n') }] }));
    const markdown = stringifyMarkdownTree({
      root: { type: 'root', children },
      yaml: title === undefined ? null : createFrontMatter({ title }),
    });
    return MarkdownFormat.parse(markdown, file);
  },
} as const satisfies Format;
