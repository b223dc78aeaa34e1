import { PLACEHOLDER_TAG } from '../../core/masking.ts';

// Moved unchanged from services/translate.ts; core/segment-text.ts will become their home.

/** Inline tags as a sorted list, so moved tags pass and missing, extra or renamed ones fail. */
function tagList(text: string): string {
  return (text.match(/<\/?g\d+>|<x\d+\/>/g) ?? []).sort().join('');
}

/** Whether a draft has the same inline tags as its source (in any order) and no leftover masking placeholder. */
export function sameTags(source: string, draft: string): boolean {
  return tagList(source) === tagList(draft) && !new RegExp(`<${PLACEHOLDER_TAG}\\b`).test(draft);
}

/** Segment text without its tags and with `&lt;`, `&gt;`, `&amp;` unescaped. */
export function plain(text: string): string {
  return text
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
