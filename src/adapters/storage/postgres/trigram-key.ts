/**
 * The text pg_trgm indexes for a matching form. pg_trgm only makes trigrams of the letters and digits the database's
 * LC_CTYPE knows, and under the C locale (a common choice, and the test cluster's) that is ASCII alone: Hangul, kana
 * and Han would give no trigram at all. So the form is spelled in ASCII: whitespace is dropped (as the embedded index's
 * bigrams drop it), ASCII letters and digits stay as they are, and every other UTF-16 code unit (letters of other
 * scripts, punctuation, the tag symbols) becomes one of the 36 letters and digits by a hash. The text is then one
 * word, so pg_trgm's padding trigrams ("  a", " ab") occur once per entry instead of once per word: short words
 * would otherwise make them the commonest trigrams and every lookup would read their long posting lists. Collisions
 * only add candidates, which the exact edit-distance rerank then scores; they never hide a shared trigram.
 */
export function trigramKey(form: string): string {
  let out = '';
  for (let i = 0; i < form.length; i++) {
    const code = form.charCodeAt(i);
    if ((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a)) out += form[i];
    else if (code >= 0x41 && code <= 0x5a) out += String.fromCharCode(code + 32);
    else if (SPACE.test(form[i]!)) continue;
    // Fibonacci hashing spreads neighbouring code points (syllables of one block) over the symbols.
    else out += SYMBOLS[(Math.imul(code, 0x9e3779b1) >>> 0) % 36];
  }
  return out;
}

const SYMBOLS = 'abcdefghijklmnopqrstuvwxyz0123456789';
const SPACE = /\s/;
