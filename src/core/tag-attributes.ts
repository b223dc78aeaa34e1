import type { InlineTag } from './model.ts';

/**
 * Inline tag attributes readers see that are translated as segments of their own, by the mdast node the tag stands
 * for: a link's tooltip title (segment kind `link-title`) and an image's alt text (`image-alt`). The Markdown format
 * extracts these segments and writes their translations back into the tag.
 */
export const TRANSLATED_TAG_ATTRIBUTES: Readonly<Record<string, 'title' | 'alt'>> = {
  link: 'title',
  image: 'alt',
  imageReference: 'alt',
};

// Attributes whose text reaches the reader as written: a tooltip, alt text, inline code, raw inline HTML. URLs, labels
// and shortcode parameters are left out: they are addresses and markup, not text on the page.
const READER_VISIBLE: Readonly<Record<string, readonly string[]>> = {
  link: ['title'],
  image: ['title', 'alt'],
  imageReference: ['alt'],
  inlineCode: ['value'],
  html: ['value'],
};

/**
 * Text of a segment's inline tags that readers see and that every translation carries unchanged from the source, as
 * plain text in tag number order: an inline image's title, inline code, raw inline HTML. Attributes translated as
 * segments of their own (TRANSLATED_TAG_ATTRIBUTES) are left out; an empty list when there is none.
 */
export function carriedTagTexts(tags: Readonly<Record<string, InlineTag>>): string[] {
  const out: string[] = [];
  for (const tag of Object.values(tags)) {
    for (const attr of READER_VISIBLE[tag.node] ?? []) {
      const value = tag.attrs?.[attr];
      if (value && value.trim() !== '' && TRANSLATED_TAG_ATTRIBUTES[tag.node] !== attr) out.push(value);
    }
  }
  return out;
}
