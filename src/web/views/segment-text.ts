import type { InlineTag } from '../../core/model.ts';
import { tagString, tokenize, unescapeText } from '../../core/segment-text.ts';
import type { WordDiffPart } from '../../core/word-diff.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../render.ts';

/**
 * Segment text on every staff page in one notation, the one the editor, the copy-source shortcut and the checks use:
 * an inline tag is a chip reading exactly as it is typed (`<g1>`, `</g1>`, `<x2/>`), titled with what it stands for
 * in the source ("bold", "link to https://…"); everything else is text, escaped by the template. The review page's
 * script (public/segment-text.js) inserts the same strings and renders the same tags in its preview.
 */

type Translate = PageContext['t'];
type Tags = Readonly<Record<string, InlineTag>>;

/** Mdast node types with a sentence of their own under `review:tags.node.*`; others read as "formatting". */
const NAMED_NODES = new Set(['strong', 'emphasis', 'delete', 'link', 'image', 'inlineCode', 'break', 'html', 'shortcode']);

/** What a tag stands for, in the UI language (`bold`, `link to https://example.org`); its raw node name without `t`. */
export function tagTitle(tag: InlineTag | undefined, t?: Translate): string {
  if (!tag) return '';
  if (!t) return tag.node;
  const key = NAMED_NODES.has(tag.node) ? tag.node : 'other';
  return t(`review:tags.node.${key}`, { url: tag.attrs?.url ?? '', value: tag.attrs?.value ?? tag.attrs?.alt ?? '' });
}

/**
 * `text` (segment text) as HTML: tags as `.inline-tag` chips carrying `data-tag` (the tag as typed), so the review
 * page can insert one at the cursor when it is clicked; `t` titles them in the UI language.
 */
export function segmentText(text: string, tags: Tags = {}, t?: Translate): SafeHtml {
  return html`${tokenize(text).map((token) => {
    if (token.type === 'text') return unescapeText(token.text);
    const typed = tagString(token);
    const title = tagTitle(tags[token.id], t);
    return html`<span class="inline-tag tag-${token.type}" data-tag="${typed}"${title ? html` title="${title}"` : ''}>${typed}</span>`;
  })}`;
}

/** A word diff as `<del>`/`<ins>` runs, each run's tags as chips (see segmentText). */
export function diffView(parts: readonly WordDiffPart[], lang: string, tags: Tags = {}, t?: Translate): SafeHtml {
  return html`<span class="diff" lang="${lang}">${parts.map((p) => {
    const text = segmentText(p.text, tags, t);
    return p.op === 'equal' ? text : p.op === 'insert' ? html`<ins>${text}</ins>` : html`<del>${text}</del>`;
  })}</span>`;
}

/** A segment's tags as the JSON the review page's preview reads (`data-tags`): id → type, node and the attrs it shows. */
export function tagsData(tags: Tags): string {
  const shown: Record<string, { type: string; node: string; url?: string; value?: string }> = {};
  for (const [id, tag] of Object.entries(tags)) {
    const value = tag.attrs?.value ?? tag.attrs?.alt ?? undefined;
    shown[id] = {
      type: tag.type,
      node: tag.node,
      ...(tag.attrs?.url ? { url: tag.attrs.url } : {}),
      ...(value ? { value } : {}),
    };
  }
  return JSON.stringify(shown);
}

/** The help text on tags, for the shortcuts dialog and the page's static help. */
export function tagHelp(ctx: PageContext): SafeHtml {
  return html`<div class="tag-help"><h3>${ctx.t('review:tags.helpTitle')}</h3>
    <p>${ctx.t('review:tags.helpPaired')} <span class="inline-tag">&lt;g1&gt;</span>…<span class="inline-tag">&lt;/g1&gt;</span></p>
    <p>${ctx.t('review:tags.helpStandalone')} <span class="inline-tag">&lt;x2/&gt;</span></p>
    <p>${ctx.t('review:tags.helpInsert')}</p></div>`;
}
