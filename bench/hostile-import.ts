// npx tsx bench/hostile-import.ts — the hostile inputs of issue 12 ("No input can stall the server") through the
// importer at growing sizes: each must be refused at once (a limit) or take time in proportion to its size. Prints the
// CPU milliseconds of one import (the fastest of three) and how it ended; a superlinear parse shows as time growing
// much faster than the 4× steps in size. Before the limits, nested emphasis took 9 s at 24 KB and minutes at 100 KB,
// and 20,000 nested quotes, asterisks or divs overflowed the stack. Then the shapes where micromark copies the whole
// document at every line that leaves a quote or list (a CI run: 1,874 empty quotes, 7,515 characters, took 2 s): the
// import at 1×, 2×, 4× and 8× that size (refused by the pre-scan), and the bare parse without it up to 1× (quadratic).
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { FormatParseError, LimitError, ValidationError } from '../src/core/errors.ts';
import { importArticle } from '../src/services/import-article.ts';
import { HOSTILE_SHAPES } from '../tests/support/hostile-inputs.ts';
import { testDeps } from '../tests/services/support.ts';

const SIZES = [4_000, 16_000, 64_000, 256_000, 1_000_000];

async function once(file: string, content: string): Promise<{ ms: number; outcome: string }> {
  const before = process.cpuUsage();
  let outcome = 'imported';
  try {
    await importArticle(testDeps(), { file, content, slug: 'bench', by: 'bench' });
  } catch (error) {
    if (error instanceof LimitError) outcome = `refused: ${error.limit}`;
    else if (error instanceof FormatParseError || error instanceof ValidationError) outcome = `refused: ${error.code}`;
    else outcome = `FAILED: ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 80)}` : String(error)}`;
  }
  const used = process.cpuUsage(before);
  return { ms: (used.user + used.system) / 1000, outcome };
}

async function fastest(file: string, content: string): Promise<{ ms: number; outcome: string }> {
  let best = await once(file, content);
  for (let i = 0; i < 2; i++) {
    const run = await once(file, content);
    if (run.ms < best.ms) best = run;
  }
  return best;
}

const width = Math.max(...HOSTILE_SHAPES.map((s) => s.name.length));
console.log(`${'input'.padEnd(width)}  ${SIZES.map((s) => `${(s / 1000).toFixed(0)}k chars`.padStart(22)).join('')}`);
let failed = false;
for (const shape of HOSTILE_SHAPES) {
  const cells: string[] = [];
  for (const size of SIZES) {
    const { ms, outcome } = await fastest(shape.file, shape.build(size));
    if (outcome.startsWith('FAILED')) failed = true;
    const short = outcome.replace('refused: ', '').replace('imported', 'ok');
    cells.push(`${ms.toFixed(0).padStart(6)} ms ${short.slice(0, 12).padEnd(12)}`);
  }
  console.log(`${shape.name.padEnd(width)}  ${cells.join(' ')}`);
}
const CI_SIZE = 7_500;
const quadratic = HOSTILE_SHAPES.filter((s) => s.test.size === CI_SIZE);
console.log(`\nleaving quotes and lists, sizes in multiples of the CI input (${CI_SIZE} chars): import / bare remark parse`);
const parser = unified().use(remarkParse);
for (const shape of quadratic) {
  const cells: string[] = [];
  for (const k of [1, 2, 4, 8]) {
    const { ms, outcome } = await fastest(shape.file, shape.build(CI_SIZE * k));
    if (!outcome.startsWith('refused')) failed = true;
    cells.push(`${k}× ${ms.toFixed(0)} ms ${outcome.replace('refused: ', '')}`);
  }
  for (const k of [0.25, 0.5, 1]) {
    const before = process.cpuUsage();
    parser.parse(shape.build(CI_SIZE * k));
    const used = process.cpuUsage(before);
    cells.push(`bare ${k}× ${((used.user + used.system) / 1000).toFixed(0)} ms`);
  }
  console.log(`${shape.name.padEnd(width)}  ${cells.join(' | ')}`);
}
if (failed) {
  console.log('FAILED: an input ended with an error that is not a refusal');
  process.exitCode = 1;
}
