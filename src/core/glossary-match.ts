/**
 * Finding glossary terms in running text, Korean first. Korean attaches particles and endings to nouns without a
 * space (조선인민군은, 장마당에서, 장마당이라는), so a plain word match misses them and a plain substring match finds
 * 인민 inside 인민군. The rules, by the script of the term's edge characters:
 *
 * - Hangul: the match must start at a word start (no Hangul right before it), and the Hangul run right after it must
 *   be empty or made entirely of known particles, endings and copula forms (은, 에서는, 이라는, 들에게…). Spaces inside
 *   a term are optional, since Korean spacing of compounds varies (조선 인민군 / 조선인민군).
 * - Katakana: loanwords; no katakana (or the long-vowel mark) may touch either end.
 * - Han (Chinese, Japanese kanji) and hiragana: text has no word boundaries and cannot be segmented without a
 *   dictionary, so any occurrence matches; when terms overlap the longest wins (人民军 before 人民).
 * - Latin and digits: whole words, case-insensitive unless the entry says otherwise, with an optional English
 *   plural or possessive (`missile` finds `missiles`, `Kim's`). An acronym (isAcronym: `US`, `UN`, `WHO`, `IT`,
 *   `U.S.`) is case-sensitive unless the entry says `caseSensitive: false`, so "to us" is no `US` and "it" no `IT`.
 */

import { isIgnorable, stripIgnorables } from './segment-text.ts';

export interface TermQuery {
  readonly term: string;
  /** Match letter case exactly; default: true for an acronym (isAcronym), false otherwise. */
  readonly caseSensitive?: boolean;
}

export interface TermMatch {
  /** Index of the query in the list given to `findTerms`. */
  readonly index: number;
  readonly term: string;
  /** UTF-16 offsets of the term itself in the text (attached particles excluded). */
  readonly start: number;
  readonly end: number;
  /** The text as found (original casing and spacing). */
  readonly text: string;
}

const HANGUL = /\p{Script=Hangul}/u;
const KATAKANA = /[\p{Script=Katakana}ー]/u;
const LATIN_OR_DIGIT = /[\p{Script=Latin}\p{N}]/u;

// Particles, endings and copula forms that attach to a noun; a run after a term must split entirely into these.
const PARTICLES = new Set([
  // case and topic particles
  '이',
  '가',
  '을',
  '를',
  '은',
  '는',
  '의',
  '에',
  '에서',
  '에게',
  '에게서',
  '께',
  '께서',
  '한테',
  '한테서',
  '더러',
  '으로',
  '로',
  '으로서',
  '로서',
  '으로써',
  '로써',
  '으로부터',
  '로부터',
  '와',
  '과',
  '랑',
  '이랑',
  '하고',
  // auxiliary particles
  '도',
  '만',
  '까지',
  '부터',
  '조차',
  '마저',
  '밖에',
  '보다',
  '처럼',
  '같이',
  '만큼',
  '대로',
  '마다',
  '씩',
  '뿐',
  '이나',
  '나',
  '이든',
  '든',
  '이든지',
  '든지',
  '이라도',
  '라도',
  '이야',
  '야',
  '요',
  '들',
  // copula (이다) forms; after a vowel the 이 drops (장마당이라는 / 북한 매체라는)
  '다',
  '이다',
  '였',
  '이었',
  '었',
  '던',
  '라는',
  '라고',
  '라며',
  '라면',
  '란',
  '라',
  '며',
  '고',
  '지만',
  '자',
  '므로',
  '기',
  '입니다',
  '이에요',
  '예요',
  '인데',
  '인지',
  '임',
  '이며',
  '이고',
  '이자',
  '이라',
  '이란',
  '이라는',
  '이라고',
  '이라며',
  '이라면',
]);
const MAX_PARTICLE_LENGTH = 4;

/**
 * `인` is both the copula (국무위원장인 김정은, "Kim Jong Un, who is chairman") and the demonym suffix (한국인, "a Korean").
 * The demonym attaches to short place names, so the copula reading is accepted only after terms of three or more syllables.
 */
const COPULA_IN_MIN_SYLLABLES = 3;

/** True when a run of Hangul following a term splits entirely into particles and endings. */
export function isParticleChain(run: string, termSyllables = COPULA_IN_MIN_SYLLABLES): boolean {
  if (run === '') return true;
  const reachable = new Array<boolean>(run.length + 1).fill(false);
  reachable[0] = true;
  for (let i = 0; i < run.length; i++) {
    if (!reachable[i]) continue;
    for (let len = 1; len <= MAX_PARTICLE_LENGTH && i + len <= run.length; len++) {
      const piece = run.slice(i, i + len);
      if (PARTICLES.has(piece) || (piece === '인' && termSyllables >= COPULA_IN_MIN_SYLLABLES)) reachable[i + len] = true;
    }
  }
  return reachable[run.length] === true;
}

/**
 * True when a term is an acronym: two or more uppercase letters and nothing but uppercase letters, digits, dots,
 * hyphens and ampersands (`US`, `U.S.`, `WHO`, `COVID-19`, `AT&T`; not `G7`, one letter). Lowercase spellings of
 * these are mostly ordinary words (us, who, it).
 */
export function isAcronym(term: string): boolean {
  let upper = 0;
  for (const ch of term) {
    if (/\p{Lu}/u.test(ch)) upper += 1;
    else if (!/[\p{N}.&-]/u.test(ch)) return false;
  }
  return upper >= 2;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface CompiledTerm {
  readonly regex: RegExp;
  readonly hangulEnd: boolean;
  readonly syllables: number;
}

const cache = new Map<string, CompiledTerm | null>();

function compile(query: TermQuery): CompiledTerm | null {
  const key = `${query.caseSensitive ?? '-'}\u0000${query.term}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  // A term typed with an invisible character in it (a zero-width space pasted from a web page) is the visible term.
  const term = stripIgnorables(query.term.normalize('NFC')).trim();
  const chars = [...term];
  const first = chars[0];
  const last = chars[chars.length - 1];
  let compiled: CompiledTerm | null = null;
  if (first !== undefined && last !== undefined) {
    const hangulTerm = HANGUL.test(term);
    const body = term
      .split(/\s+/)
      .map(escapeRegex)
      .join(hangulTerm ? '\\s*' : '\\s+');
    let before = '';
    let after = '';
    if (HANGUL.test(first)) before = '(?<!\\p{Script=Hangul})';
    else if (KATAKANA.test(first)) before = '(?<![\\p{Script=Katakana}ー])';
    else if (LATIN_OR_DIGIT.test(first)) before = '(?<![\\p{L}\\p{N}])';
    if (KATAKANA.test(last)) after = '(?![\\p{Script=Katakana}ー])';
    else if (LATIN_OR_DIGIT.test(last)) after = "(?:'s|’s|es|s)?(?![\\p{Script=Latin}\\p{N}])";
    const flags = (query.caseSensitive ?? isAcronym(term)) ? 'gu' : 'giu';
    compiled = {
      regex: new RegExp(`${before}(${body})${after}`, flags),
      hangulEnd: HANGUL.test(last),
      syllables: chars.filter((c) => HANGUL.test(c)).length,
    };
  }
  if (cache.size > 5000) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

// Particles and endings chain to a few syllables; a longer Hangul run after a term is another word, so the run is read
// no further (and a term in a page of unspaced Hangul costs no rescan of the rest of it).
const MAX_PARTICLE_RUN = 4 * MAX_PARTICLE_LENGTH;

/** The Hangul run at `start`, or null when it is longer than MAX_PARTICLE_RUN. */
function hangulRunAt(text: string, start: number): string | null {
  let end = start;
  while (end < text.length && HANGUL.test(text[end]!)) {
    end += 1;
    if (end - start > MAX_PARTICLE_RUN) return null;
  }
  return text.slice(start, end);
}

/** Text as findTerms searches it: NFC, ignorables removed, and the NFC offset of each unit (null: the same offsets). */
interface PreparedText {
  readonly original: string;
  readonly text: string;
  readonly offsets: Int32Array | null;
}

/** See PreparedText; an NFC text without ignorable code points (the usual case) needs no offset table. */
function prepare(text: string): PreparedText {
  const original = text.normalize('NFC');
  const stripped = stripIgnorables(original);
  if (stripped.length === original.length) return { original, text: original, offsets: null };
  const offsets = new Int32Array(stripped.length + 1);
  let out = 0;
  let i = 0;
  for (const ch of original) {
    if (!isIgnorable(ch.codePointAt(0)!)) for (let k = 0; k < ch.length; k++) offsets[out++] = i + k;
    i += ch.length;
  }
  offsets[out] = i;
  return { original, text: stripped, offsets };
}

// The checks search one translation for many renderings in a row; it is prepared once.
let lastPrepared: { readonly input: string; readonly prepared: PreparedText } | null = null;

/**
 * Every occurrence of the queried terms in `text`, in text order, without overlaps (a longer match wins over a shorter
 * one that starts inside it or at the same place). Text is NFC-normalized first; ignorable code points (a zero-width
 * space inside a term or between a term and its particle) are skipped, and offsets are those of the NFC text.
 */
export function findTerms(text: string, queries: readonly TermQuery[]): TermMatch[] {
  if (lastPrepared?.input !== text) lastPrepared = { input: text, prepared: prepare(text) };
  const { original, text: normalized, offsets } = lastPrepared.prepared;
  const offset = (k: number) => (offsets ? offsets[k]! : k);
  const found: TermMatch[] = [];
  queries.forEach((query, index) => {
    const compiled = compile(query);
    if (!compiled) return;
    compiled.regex.lastIndex = 0;
    for (const m of normalized.matchAll(compiled.regex)) {
      // Group 1 is the term itself, without an English plural or possessive the pattern allows after it.
      const matched = m[1] ?? m[0];
      const end = m.index + matched.length;
      if (compiled.hangulEnd) {
        const run = hangulRunAt(normalized, end);
        if (run === null || !isParticleChain(run, compiled.syllables)) continue;
      }
      const from = offset(m.index);
      const to = offset(end - 1) + 1;
      found.push({ index, term: query.term, start: from, end: to, text: original.slice(from, to) });
    }
  });
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: TermMatch[] = [];
  let reach = -1;
  for (const match of found) {
    if (match.start < reach) continue;
    kept.push(match);
    reach = match.end;
  }
  return kept;
}

/** True when `term` occurs in `text` under the rules above. */
export function containsTerm(text: string, term: string, caseSensitive = false): boolean {
  return findTerms(text, [{ term, caseSensitive }]).length > 0;
}
