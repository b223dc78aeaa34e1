import { PLACEHOLDER_TAG } from '../core/masking.ts';
import type { Check, CheckTranslate } from '../core/ports/check.ts';
import { SEGMENT_TEXT_PROBLEMS, type SegmentTextProblem, sourceTagKinds, validateSegmentText } from '../core/segment-text-validation.ts';
import { tagSequence } from '../core/segment-text.ts';
import { strings, tagsForReading } from './describe.ts';

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

const LEFTOVER_PLACEHOLDER = new RegExp(`^<${PLACEHOLDER_TAG}\\b`);

function describeTags(detail: Partial<TagDiff>, t: CheckTranslate): string {
  const missing = tagsForReading(strings(detail.missing));
  const extra = tagsForReading(strings(detail.extra));
  const unbalanced = strings(detail.unbalanced);
  if (missing.length && extra.length) return t('checks:inline-tags.changed', { missing, extra });
  if (missing.length) return t('checks:inline-tags.missing', { list: missing, count: missing.length });
  if (extra.length) return t('checks:inline-tags.extra', { list: extra, count: extra.length });
  if (!unbalanced.length) return '';
  return t('checks:inline-tags.unbalanced', { list: unbalanced, count: unbalanced.length });
}

function describeProblem(detail: SegmentTextProblem, t: CheckTranslate): string {
  // A masking placeholder the machine draft brought back where it could not be put back (services/mt): a name to restore.
  if (LEFTOVER_PLACEHOLDER.test(detail.markup)) return t('checks:inline-tags.placeholder', { markup: detail.markup });
  if (!SEGMENT_TEXT_PROBLEMS.includes(detail.problem)) return '';
  return t(`checks:inline-tags.problem.${detail.problem}`, { markup: detail.markup, position: detail.position + 1 });
}

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
  describe(detail, t) {
    return 'problem' in detail ? describeProblem(detail, t) : describeTags(detail, t);
  },
  examples: [
    { source: '<g1>굵은</g1> 글씨와 <x2/> 그림', target: 'bold text and <x2/> a picture' },
    { source: '굵은 글씨', target: '<g1>bold</g1> text' },
    { source: '<g1>굵은</g1> 글씨', target: '<g2>bold</g2> text' },
    { source: '<g1>굵은 <g2>기울인</g2></g1> 글씨', target: '<g1>bold <g2>italic</g1></g2> text' },
    { source: '<g1>굵은</g1> 글씨', target: '<g1>bold</g1> <b>text</b>' },
    { source: '<g1>굵은</g1> 글씨', target: '<g1>bold</g1> AT&T' },
    { source: '김철민씨가 말했다.', target: '<tdmc i="1"/> said.' },
  ],
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
  describe(detail, t) {
    if (!strings(detail.source).length) return '';
    return t('checks:tag-order.result', { source: strings(detail.source).join(' '), target: strings(detail.target).join(' ') });
  },
  examples: [{ source: '<g1>평양</g1>의 <g2>장마당</g2>', target: 'the <g2>market</g2> of <g1>Pyongyang</g1>' }],
} satisfies Check<{ source: string[]; target: string[] }>;
