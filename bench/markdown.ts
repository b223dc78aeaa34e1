// npx tsx bench/markdown.ts — rebuilding a translated Markdown document (publishing, previews).
// Moved out of the test suite: a CPU-time threshold there measured the other test workers sharing the cores as much as
// this code. Targets: a 25-segment article rebuilds in under 10 ms of CPU (fastest of 21 runs after warm-up), and ten
// times the segments costs at most about ten times as much (linear: under 15× is accepted, a quadratic rebuild shows ~100×).
import { MarkdownFormat, markdownRebuilder } from '../src/adapters/formats/markdown.ts';

function article(paragraphCount: number): { document: string; texts: string[] } {
  const paragraphs = Array.from(
    { length: paragraphCount },
    (_, i) => `${i + 1}번째 문단: 평양의 **쌀값**은 [출처](https://example.com/${i} "t")에 따르면 1kg당 ${6000 + i}원이다.`,
  );
  const document = MarkdownFormat.parse(`---\ntitle: 제목\nsubtitle: 부제\n---\n\n## 소제목\n\n${paragraphs.join('\n\n')}\n`).document;
  const texts = MarkdownFormat.parse(document).segments.map((s) => s.source.replace('평양의', 'In Pyongyang'));
  return { document, texts };
}

/** CPU milliseconds of the fastest of `runs` rebuilds, after warm-up: the minimum is what the code costs undisturbed. */
function fastestRebuildMs(document: string, texts: readonly string[], runs = 21): number {
  for (let i = 0; i < 10; i++) markdownRebuilder.rebuild(document, texts);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    markdownRebuilder.rebuild(document, texts);
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  return Math.min(...times);
}

const small = article(22);
const large = article(220);
const smallMs = fastestRebuildMs(small.document, small.texts);
const largeMs = fastestRebuildMs(large.document, large.texts);
const ratio = largeMs / Math.max(smallMs, 0.001);
console.log(`rebuild, ${small.texts.length} segments: ${smallMs.toFixed(2)} ms CPU (target < 10 ms)`);
console.log(`rebuild, ${large.texts.length} segments: ${largeMs.toFixed(2)} ms CPU (${ratio.toFixed(1)}× the small one; target < 15×)`);
if (smallMs >= 10 || ratio >= 15) process.exitCode = 1;
