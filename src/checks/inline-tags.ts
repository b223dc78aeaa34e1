import type { Check } from '../core/ports/check.ts';
import { sourceTagKinds, validateSegmentText, type SegmentTextProblem } from '../core/segment-text-validation.ts';
import { tagSequence } from '../core/segment-text.ts';

function multiset(tags: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const t of tags) map.set(t, (map.get(t) ?? 0) + 1);
  return map;
}

function difference(a: readonly string[], b: readonly string[]): string[] {
  const rest = multiset(b);
  const out: string[] = [];
  for (const t of a) {
    const n = rest.get(t) ?? 0;
    if (n > 0) rest.set(t, n - 1);
    else out.push(t);
  }
  return out;
}

/**
 * Paired tags closed in the wrong order or not at all (`<g1>a<g2>b</g1></g2>`): the document could not be rebuilt.
 * Read from the tags as written (tagSequence): `</gN>` closes `<gN>`.
 */
function badNesting(tags: readonly string[]): string[] {
  const stack: string[] = [];
  const bad: string[] = [];
  for (const tag of tags) {
    if (tag.startsWith('<g')) stack.push(tag);
    else if (tag.startsWith('</') && stack[stack.length - 1] === `<${tag.slice(2)}`) stack.pop();
    else if (tag.startsWith('</')) bad.push(tag);
  }
  return [...bad, ...stack];
}

/** Tags missing from the target, added to it, or nested so the markup breaks. */
type TagDiff = { missing: string[]; extra: string[]; unbalanced: string[] };

/**
 * Inline tags (`<g1>…</g1>`, `<x2/>`) missing from the target, added to it, or nested so the markup breaks; and any
 * other fault that would stop the article from being rebuilt (a raw `<`, `<b>`, a tag of the wrong kind, `&` outside
 * an entity), reported as validateSegmentText's `{ problem, position, markup }` with position in code points. Machine
 * drafts are applied as they come; this check is what keeps a broken one from being approved and then failing publish.
 */
export const inlineTagsCheck = {
  id: 'inline-tags',
  name: 'inline-tags.name',
  description: 'inline-tags.description',
  severity: 'error',
  run(source, target, _ctx) {
    if (target.trim() === '') return null;
    const src = tagSequence(source);
    const tgt = tagSequence(target);
    const missing = difference(src, tgt);
    const extra = difference(tgt, src);
    const unbalanced = missing.length || extra.length ? [] : badNesting(tgt);
    if (missing.length || extra.length || unbalanced.length) return { missing, extra, unbalanced };
    return validateSegmentText(target, sourceTagKinds(source));
  },
} satisfies Check<TagDiff | SegmentTextProblem>;

/**
 * The same tags in a different order. Word order changes between Korean and English, so moving a link is often right:
 * a warning for the reviewer to look, not an error.
 */
export const tagOrderCheck = {
  id: 'tag-order',
  name: 'tag-order.name',
  description: 'tag-order.description',
  severity: 'warning',
  run(source, target, _ctx) {
    const src = tagSequence(source);
    const tgt = tagSequence(target);
    if (src.length !== tgt.length || difference(src, tgt).length) return null;
    return src.every((t, i) => t === tgt[i]) ? null : { source: src, target: tgt };
  },
} satisfies Check<{ source: string[]; target: string[] }>;
