// npx tsx bench/checks.ts (npm run bench:checks) — every registered check over the sample corpus and over adversarial
// texts of 100,000 characters, each used as source and target. Every check must be linear in the length of its input:
// at most 50 ms per check on each adversarial text, and a time ratio between 800,000 and 100,000 characters well
// below the 64 of a quadratic check. Linear code shows 8 to about 25 here (at these sizes even a bare
// String.prototype.replace grows faster than the text: garbage collection, caches), so over 32 counts as superlinear.
// Times are CPU milliseconds, the fastest of a few runs after a warm-up: on shared cores the minimum is what the code
// costs undisturbed (as in bench/markdown.ts). A benchmark, not a test: other test workers sharing the cores would
// make a timed test flaky. Exits 1 when a check is over either target.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MarkdownFormat } from '../src/adapters/formats/markdown.ts';
import { CHECKS } from '../src/checks/index.ts';
import type { CheckContext } from '../src/core/ports/check.ts';

const LIMIT_MS = 50;
const MAX_RATIO = 32;
// Below this a time at 100,000 characters is mostly fixed costs, and a ratio to it says little.
const RATIO_FLOOR_MS = 5;
const LENGTH = 100_000;
const RUNS = 7;

const CTX: CheckContext = {
  sourceLocale: 'ko',
  targetLocale: 'en',
  glossary: [
    { source: '조선인민군', target: 'Korean People’s Army', forbidden: ['People’s Army', 'North Korean Army'] },
    { source: '조선', target: 'Joseon' },
    { source: '인민', target: 'people' },
    { source: '장마당', target: 'jangmadang' },
    { source: '노동신문', target: 'Rodong Sinmun' },
    { source: '미국', target: 'US' },
    { source: '유엔', target: 'UN' },
    { source: '탈북민', target: 'defector', forbidden: ['runaway'] },
    { source: '국무위원장', target: 'Chairman of the State Affairs Commission' },
    { source: '평양', target: 'Pyongyang' },
  ],
  confidential: [
    { term: '김철민', render: 'a source in Hyesan', forms: ['Kim Chol-min', 'Kim Chol Min'] },
    { term: '혜산', render: 'a border city' },
  ],
  allowedHangul: ['노동신문'],
};

/** `unit` repeated to exactly `length` UTF-16 units. */
function fill(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** Texts of `n` UTF-16 units built to find superlinear code: long runs, repeated prefixes, unclosed constructs. */
const adversarial = (n: number): Readonly<Record<string, string>> => ({
  'digits with separators': fill('1,234,567.89 ', n),
  'digits and commas, no space': fill('1,2', n),
  'digit run': fill('1', n),
  'alternating digits and units': fill('1만', n),
  'stacked Han units': fill('3.5万亿零2千', n),
  'Han numerals': fill('一亿零二万三千', n),
  'number words': fill('twenty-one million two ', n),
  'Korean numerals and counters': fill('세 명 삼십 두세 개 ', n),
  'open tags': fill('<g1>', n),
  'tag pairs': fill('<g1>a</g1>', n),
  'standalone tags': fill('<x1/>', n),
  'tag-like markup': fill('<g1<x', n),
  'nested brackets': `${fill('([{（「『《〈【“', n / 2)}${fill('”】〉》』」）}])', n / 2)}`,
  'unbalanced quotes': fill('"“‘(「', n),
  'URL-like run': fill('http://a.', n),
  'URL with a dot run': `http://a${fill('.', n - 10)}b`,
  'e-mail-like run': fill('a.b@c', n),
  'Hangul with no spaces': fill('가나다라마바사아자차', n),
  'Hangul numerals with no spaces': fill('삼십세명한', n),
  'whitespace run': `${fill(' ', n - 1)}x`,
  'entities and ampersands': fill('&amp;&', n),
  'unclosed shortcodes': fill('{{<', n),
  'shortcodes with quotes': fill('{{< a b"c "d >}}', n),
  'glossary-term prefixes': fill('조선인민', n),
  'glossary renderings': fill('조선인민군은 Korean People’s Army People’s ', n),
  'confidential-name prefixes': fill('김철Kim Chol-', n),
  'zero-width spaces': `김철민${fill('\u200B', n - 6)}씨는`,
});

/** Markdown files under a directory, recursively. */
function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? markdownFiles(path) : name.endsWith('.md') ? [path] : [];
  });
}

/** The corpus segmented as the app does; each paired with a stand-in translation (Hangul words → `word`). */
function corpus(): { source: string; target: string }[] {
  const root = new URL('../content/', import.meta.url).pathname;
  return markdownFiles(root).flatMap((file) =>
    MarkdownFormat.parse(readFileSync(file, 'utf8')).segments.map((s) => ({
      source: s.source,
      target: s.source.replace(/\p{Script=Hangul}+/gu, 'word'),
    })),
  );
}

/** CPU milliseconds of the fastest of `runs` runs. */
function cpuMs(run: () => void, runs = RUNS): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < runs; k++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const pairs = corpus();
for (const check of CHECKS) for (const { source, target } of pairs) check.run(source, target, CTX);

console.log(`Corpus: ${pairs.length} segments from content/ (CPU ms per segment, median / max)`);
for (const check of CHECKS) {
  const times = pairs.map(({ source, target }) => cpuMs(() => check.run(source, target, CTX), 3));
  console.log(
    `  ${check.id.padEnd(16)} ${median(times).toFixed(3).padStart(7)} / ${Math.max(...times)
      .toFixed(3)
      .padStart(7)}`,
  );
}

const texts = adversarial(LENGTH);
const large = adversarial(LENGTH * 8);
console.log(`\nAdversarial: ${Object.keys(texts).length} texts of ${LENGTH.toLocaleString('en')} characters as source and target`);
console.log(`(CPU ms, fastest of ${RUNS} runs: median over the texts / max, the text of the max; then the largest time ratio`);
console.log(
  ` between the same text at 800,000 and 100,000 characters, over those taking ${RATIO_FLOOR_MS} ms or more; targets: < ${LIMIT_MS} ms,`,
);
console.log(` ratio < ${MAX_RATIO})`);
let failures = 0;
for (const check of CHECKS) {
  const rows = Object.entries(texts).map(([name, text]) => {
    const long = large[name]!;
    check.run(text, text, CTX);
    const ms = cpuMs(() => check.run(text, text, CTX));
    const ratio = ms >= RATIO_FLOOR_MS ? cpuMs(() => check.run(long, long, CTX), 3) / ms : 0;
    return { name, ms, ratio };
  });
  const worst = rows.reduce((a, b) => (b.ms > a.ms ? b : a));
  const steepest = rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const over = worst.ms > LIMIT_MS || steepest.ratio > MAX_RATIO;
  if (over) failures += 1;
  const ratio = steepest.ratio > 0 ? `${steepest.ratio.toFixed(1)}× (${steepest.name})` : '-';
  console.log(
    `  ${check.id.padEnd(16)} ${median(rows.map((r) => r.ms))
      .toFixed(2)
      .padStart(6)} / ${worst.ms.toFixed(2).padStart(6)}  ${worst.name.padEnd(32)} ${ratio}${over ? '  OVER' : ''}`,
  );
}
if (failures > 0) {
  console.log(`\n${failures} check(s) over ${LIMIT_MS} ms or superlinear on an adversarial text`);
  process.exitCode = 1;
}
