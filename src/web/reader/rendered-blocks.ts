import type { ChildNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { parseFrontMatterData, splitFrontMatterBlock } from '../../core/front-matter-syntax.ts';
import { renderMarkdown } from '../render-markdown.ts';

// Elements a reader sees as one block of text; an element inside another (a paragraph in a list item) is its own.
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'td', 'th', 'pre', 'figcaption', 'dt', 'dd', 'blockquote']);

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The text readers see of a published Markdown document, block by block, in reading order: the title, subtitle,
 * author, date and tags from its front matter (as the reader's article page shows them), then each paragraph, heading, list item, table
 * cell, caption or code block of the body rendered by the reader's renderer (render-markdown.ts), with markup, link
 * targets and shortcode syntax gone and white space collapsed. Empty blocks are left out. Never throws on a
 * malformed front matter (it then has no title).
 */
export function renderedBlocks(document: string): string[] {
  const { syntax, text, body, present } = splitFrontMatterBlock(document.replace(/\r\n?/g, '\n'));
  const blocks: string[] = [];
  if (present) {
    const data = parseFrontMatterData(syntax, text);
    const tags = Array.isArray(data.tags) ? data.tags.filter((t) => typeof t === 'string').join(', ') : undefined;
    // The article header as the reader's page shows it: title, subtitle (or description), author, date, then the tags.
    for (const value of [data.title, data.subtitle ?? data.description, data.author, data.date, tags]) {
      const shown = typeof value === 'string' ? value : value instanceof Date ? value.toISOString().slice(0, 10) : undefined;
      if (shown !== undefined && collapse(shown) !== '') blocks.push(collapse(shown));
    }
  }
  const root = parseDocument(renderMarkdown(body).toString(), { decodeEntities: true });
  // Each block's own text (its nested blocks excluded), in the order blocks open.
  const visit = (nodes: readonly ChildNode[], into: string[] | null): void => {
    for (const node of nodes) {
      if (node.type === 'text') {
        into?.push(node.data);
      } else if ('children' in node && 'name' in node) {
        if (BLOCKS.has(node.name)) {
          const index = blocks.push('') - 1;
          const own: string[] = [];
          visit(node.children, own);
          blocks[index] = collapse(own.join(''));
        } else {
          // A line break inside a paragraph reads as a space.
          if (node.name === 'br') into?.push(' ');
          visit(node.children, into);
        }
      }
    }
  };
  visit(root.children, null);
  return blocks.filter((b) => b !== '');
}
