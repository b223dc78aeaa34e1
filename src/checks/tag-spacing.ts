import { type Locale, separatesWordsWithSpaces } from '../core/locale.ts';
import type { Check } from '../core/ports/check.ts';
import { type TagToken, tagString, tokenize, unescapeText } from '../core/segment-text.ts';
import { language } from './language.ts';

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const SPACE = /\s/u;
/** Characters of each glued word shown in the detail; a longer word is cut there. */
const SHOWN_WORD_CHARS = 30;
/** Glued spots listed in the detail; `count` has them all. */
const MAX_LISTED = 10;

/**
 * What may follow a closing tag with no space, per language: the word before the tag carries on. English: the plural
 * and possessive `s`/`es` (`<g1>Basic</g1>s`; `</g1>'s` needs no rule, an apostrophe is no letter). Korean: particles
 * and endings attach to the word before (`<g1>김철수</g1>를`), so any Hangul. Elsewhere nothing.
 */
const ATTACHES_AFTER: Readonly<Record<string, RegExp>> = {
  en: /^e?s(?![\p{L}\p{M}\p{N}])/iu,
  ko: /^\p{Script=Hangul}/u,
};
const ATTACHES_NOTHING = /(?!)/;

/** Tags between two runs of text (`the<g1>Basic` → before `the`, tags `<g1>`, after `Basic…`); plain text, escapes decoded. */
interface TagRun {
  readonly before: string;
  readonly tags: readonly TagToken[];
  readonly after: string;
}

function tagRuns(text: string): TagRun[] {
  const runs: TagRun[] = [];
  let before: string | null = null;
  let tags: TagToken[] = [];
  for (const token of tokenize(text)) {
    if (token.type !== 'text') {
      tags.push(token);
      continue;
    }
    const plain = unescapeText(token.text);
    if (before !== null && tags.length > 0) runs.push({ before, tags, after: plain });
    before = plain;
    tags = [];
  }
  return runs;
}

/** The word a text ends with, at most SHOWN_WORD_CHARS code points (`the big` → `big`). */
function trailingWord(text: string): string {
  const chars = Array.from(text.slice(-2 * SHOWN_WORD_CHARS));
  let i = chars.length;
  while (i > 0 && chars.length - i < SHOWN_WORD_CHARS && WORD_CHAR.test(chars[i - 1]!)) i -= 1;
  return chars.slice(i).join('');
}

/** The word a text starts with, at most SHOWN_WORD_CHARS code points (`plan is` → `plan`). */
function leadingWord(text: string): string {
  const chars = Array.from(text.slice(0, 2 * SHOWN_WORD_CHARS));
  let i = 0;
  while (i < chars.length && i < SHOWN_WORD_CHARS && WORD_CHAR.test(chars[i]!)) i += 1;
  return chars.slice(0, i).join('');
}

function lastChar(text: string): string {
  const code = text.charCodeAt(text.length - 2);
  return text.slice(code >= 0xd800 && code <= 0xdbff ? -2 : -1);
}

function firstChar(text: string): string {
  return String.fromCodePoint(text.codePointAt(0) ?? 0x20);
}

/** A word character right before the tags and right after them: readers see one word across the tag. */
function glued(run: TagRun): boolean {
  return WORD_CHAR.test(lastChar(run.before)) && WORD_CHAR.test(firstChar(run.after));
}

/** What may follow a closing tag in this locale with no space (ATTACHES_AFTER), tested on the text after the tag. */
function attachesAfter(locale: Locale): RegExp {
  return ATTACHES_AFTER[language(locale)] ?? ATTACHES_NOTHING;
}

/**
 * What the source says about its tags. A paired tag glued to a word in a source that spaces its words wraps part of a
 * word on purpose (`탈<g1>북</g1>민`, `<g1>un</g1>believable`), so the target may too; after a closing tag only when
 * what follows is not an ending that attaches anyway (`<g1>김철수</g1>를` says nothing). A standalone tag with white
 * space beside it in the source stands between words, so the target must not glue it.
 */
function sourceEvidence(source: string, sourceLocale: Locale): { partWord: Set<string>; spaced: Set<string> } {
  const partWord = new Set<string>();
  const spaced = new Set<string>();
  const spacedLanguage = separatesWordsWithSpaces(sourceLocale);
  const attaches = attachesAfter(sourceLocale);
  for (const run of tagRuns(source)) {
    if (SPACE.test(lastChar(run.before)) || SPACE.test(firstChar(run.after))) {
      for (const tag of run.tags) if (tag.type === 'standalone') spaced.add(tag.id);
    }
    if (!spacedLanguage || !glued(run)) continue;
    const attached = attaches.test(run.after);
    for (const tag of run.tags) {
      if (tag.type === 'open' || (tag.type === 'close' && !attached)) partWord.add(tag.id);
    }
  }
  return { partWord, spaced };
}

/** Where readers see two words as one (`theBasic`), with the tags that sit between them as written (`<g1>`). */
type TagSpacingDetail = { glued: { tags: string; seen: string }[]; count: number };

/**
 * A word glued to an inline tag in a language that spaces its words: `the<g1>Basic</g1> plan` reads "theBasic",
 * `<g1>Basic</g1>plan` reads "Basicplan" (machine drafts do this). Around a standalone tag (`<x1/>`: inline code, an
 * image) only where the source had a space. Never for targets written without spaces (Japanese, Chinese: see
 * core/locale.ts `separatesWordsWithSpaces`). Not reported: punctuation at the tag (`</g1>'s`, `</g1>,`), a plural or
 * possessive ending or a Korean particle after a closing tag (ATTACHES_AFTER), a tag that wraps part of a word in the
 * source too.
 */
export const tagSpacingCheck = {
  id: 'tag-spacing',
  name: 'tag-spacing.name',
  description: 'tag-spacing.description',
  severity: 'warning',
  run(source, target, ctx) {
    if (!separatesWordsWithSpaces(ctx.targetLocale) || !target.includes('<')) return null;
    const runs = tagRuns(target).filter(glued);
    if (runs.length === 0) return null;
    const { partWord, spaced } = sourceEvidence(source, ctx.sourceLocale);
    const attaches = attachesAfter(ctx.targetLocale);
    const found: TagSpacingDetail['glued'] = [];
    let count = 0;
    for (const run of runs) {
      let flagged = false;
      for (const tag of run.tags) {
        if (tag.type === 'standalone' ? spaced.has(tag.id) : !partWord.has(tag.id) && !(tag.type === 'close' && attaches.test(run.after))) {
          flagged = true;
          break;
        }
      }
      if (!flagged) continue;
      count += 1;
      if (found.length < MAX_LISTED) {
        found.push({ tags: run.tags.map(tagString).join(''), seen: trailingWord(run.before) + leadingWord(run.after) });
      }
    }
    return count > 0 ? { glued: found, count } : null;
  },
  describe(detail, t) {
    if (!Array.isArray(detail.glued) || detail.glued.length === 0) return '';
    const seen = detail.glued.map((g) => `“${g.seen}”`).join(', ');
    return t('checks:tag-spacing.glued', { seen, count: detail.count });
  },
  examples: [
    { source: '<g1>기본</g1> 요금제가 바뀌었다.', target: 'The<g1>Basic</g1> plan has changed.' },
    { source: '<g1>기본</g1> 요금제가 바뀌었다.', target: 'The <g1>Basic</g1>plan has changed.' },
  ],
} satisfies Check<TagSpacingDetail>;
