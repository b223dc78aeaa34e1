// The hostile inputs of issue 12 ("No input can stall the server") and their relatives, as files of a chosen size:
// shapes that made micromark, htmlparser2's consumers or yaml slow or overflow the stack. tests/adapters/formats/
// hostile-input.test.ts imports each at a fixed size and bench/hostile-import.ts at growing sizes.
import type { LimitName } from '../../src/core/limits.ts';

/** How an import of the shape must end: refused by a limit, refused as unreadable, or imported. */
export type HostileOutcome = LimitName | 'format-parse' | 'imported';

export interface HostileShape {
  readonly name: string;
  /** File name: its extension picks the format. */
  readonly file: string;
  /** The file's text, about `size` characters long. */
  build(size: number): string;
  /** The size the table test imports it at, and how that import must end. */
  readonly test: { readonly size: number; readonly outcome: HostileOutcome };
}

const FRONT = '---\ntitle: 제목\nslug: hostile\n---\n\n';
const repeat = (unit: string, size: number) => unit.repeat(Math.max(1, Math.floor(size / unit.length)));
const paragraphs = (paragraph: string, size: number) => repeat(`${paragraph}\n\n`, size);

/** An alias bomb: each level lists the previous one nine times (9^9 strings once expanded). */
function yamlAliasBomb(): string {
  const lines = ['a0: &a0 ["폭탄", "폭탄", "폭탄", "폭탄", "폭탄", "폭탄", "폭탄", "폭탄", "폭탄"]'];
  for (let i = 1; i < 9; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n');
}

export const HOSTILE_SHAPES: readonly HostileShape[] = [
  {
    name: 'nested emphasis with Korean inside (issue: 24 KB took 9 s)',
    file: 'emphasis.md',
    build: (size) => `${FRONT}${repeat('*가나 ', size / 2)}다${repeat(' 라*', size / 2)}\n`,
    test: { size: 24_000, outcome: 'nestingDepth' },
  },
  {
    name: 'nested emphasis, 100 KB (issue: minutes)',
    file: 'emphasis-100k.md',
    build: (size) => `${FRONT}${repeat('*가나 ', size / 2)}다${repeat(' 라*', size / 2)}\n`,
    test: { size: 100_000, outcome: 'nestingDepth' },
  },
  {
    name: 'asterisks around one word (issue: 20,000 overflowed the stack)',
    file: 'asterisks.md',
    build: (size) => `${FRONT}${'*'.repeat(size / 2)}가${'*'.repeat(size / 2)}\n`,
    test: { size: 40_000, outcome: 'nestingDepth' },
  },
  {
    name: 'emphasis that opens and never closes',
    file: 'openers.md',
    build: (size) => `${FRONT}${repeat('*한국어 _나 ', size)}\n`,
    test: { size: 20_000, outcome: 'nestingDepth' },
  },
  {
    name: 'list nested by indentation (issue: 600 deep took 6 s)',
    file: 'list-indented.md',
    build: (size) => {
      const depth = Math.max(2, Math.floor(Math.sqrt(size)));
      return `${FRONT}${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- 항목 ${i}`).join('\n')}\n`;
    },
    test: { size: 360_000, outcome: 'nestingDepth' },
  },
  {
    name: 'list nested on one line',
    file: 'list-inline.md',
    build: (size) => `${FRONT}${repeat('- ', size)}항목\n`,
    test: { size: 1_200, outcome: 'nestingDepth' },
  },
  {
    name: 'block quotes nested (issue: 20,000 overflowed the stack)',
    file: 'quotes.md',
    build: (size) => `${FRONT}${'>'.repeat(size)} 인용\n`,
    test: { size: 20_000, outcome: 'nestingDepth' },
  },
  {
    name: 'block quote markers without text',
    file: 'quote-markers.md',
    build: (size) => `${FRONT}본문\n\n${'> '.repeat(size / 2)}\n`,
    test: { size: 40_000, outcome: 'nestingDepth' },
  },
  {
    name: 'short quotes, blank lines between (CI: 1,874 took 2 s, twice as many 13 s)',
    file: 'short-quotes.md',
    build: (size) => `${FRONT}${repeat('\n\n> ', size)}`,
    test: { size: 7_500, outcome: 'markupRereads' },
  },
  {
    name: 'lists left for a paragraph, again and again',
    file: 'left-lists.md',
    build: (size) => `${FRONT}${repeat('- 가\n\n나\n\n', size)}`,
    test: { size: 7_500, outcome: 'markupRereads' },
  },
  {
    name: 'quotes each followed by a lazy line',
    file: 'lazy-quotes.md',
    build: (size) => `${FRONT}${repeat('> 가\n나\n\n', size)}`,
    test: { size: 7_500, outcome: 'markupRereads' },
  },
  {
    name: 'an interview, every question quoted (real shapes)',
    file: 'interview.md',
    build: (size) =>
      `${FRONT}${repeat('> 기자: 평양의 쌀값이 한 달 새 얼마나 올랐습니까?\n\n주민: 20% 가까이 올랐습니다. 장마당에서는 더 비쌉니다.\n\n', size)}`,
    test: { size: 40_000, outcome: 'imported' },
  },
  {
    name: 'link brackets nested',
    file: 'brackets.md',
    build: (size) => `${FRONT}${'['.repeat(size / 5)}가${repeat('](b)', (size * 4) / 5)}\n`,
    test: { size: 20_000, outcome: 'nestingDepth' },
  },
  {
    name: 'backtick runs of growing length',
    file: 'backticks.md',
    build: (size) => {
      let text = '';
      for (let i = 1; text.length < size; i++) text += `e${'`'.repeat(i)}`;
      return `${FRONT}${text}\n`;
    },
    test: { size: 100_000, outcome: 'markupRereads' },
  },
  {
    name: 'www. inside one long word',
    file: 'www.md',
    build: (size) => `${FRONT}${repeat('www.a_', size)}\n`,
    test: { size: 24_000, outcome: 'markupRereads' },
  },
  {
    name: 'link titles that never close',
    file: 'titles.md',
    build: (size) => `${FRONT}${repeat('[ (](', size)}\n`,
    test: { size: 20_000, outcome: 'markupRereads' },
  },
  {
    name: 'HTML comments that never close',
    file: 'comments.md',
    build: (size) => `${FRONT}${repeat('a <!-- ', size)}\n`,
    test: { size: 28_000, outcome: 'markupRereads' },
  },
  {
    name: 'a long nested list (each item makes micromark copy everything before it)',
    file: 'nested-list.md',
    build: (size) => `${FRONT}${repeat('- 항목\n  - 세부\n', size)}`,
    test: { size: 40_000, outcome: 'markupRereads' },
  },
  {
    name: 'list items holding empty lists, blank lines between (each blank line leaves a list)',
    file: 'empty-lists.md',
    build: (size) => `${FRONT}${repeat('*\n\n- ', size)}`,
    test: { size: 20_000, outcome: 'markupRereads' },
  },
  {
    name: 'a nested list at the end of a long text',
    file: 'late-list.md',
    build: (size) => `${FRONT}${paragraphs('평양의 쌀값이 올랐다.', size / 2)}${repeat('- 항목\n  - 세부\n', size / 20)}`,
    test: { size: 100_000, outcome: 'markupRereads' },
  },
  {
    name: 'a short nested list in a long feature (real shapes)',
    file: 'feature-with-list.md',
    build: (size) =>
      `${FRONT}${paragraphs('평양의 **쌀값**이 [한 달 새](https://example.com/a) 20% 올랐다.', size)}${repeat('- 항목\n  - 세부\n', 100)}`,
    test: { size: 40_000, outcome: 'imported' },
  },
  {
    name: 'thousands of unclosed Hugo shortcodes',
    file: 'shortcodes.md',
    build: (size) => `${FRONT}${repeat('{{< a "b ', size)}\n`,
    test: { size: 90_000, outcome: 'markupRereads' },
  },
  {
    name: 'nested divs in HTML (issue: 20,000 overflowed the stack)',
    file: 'divs.html',
    build: (size) => `<h1>제목</h1>${repeat('<div>', size / 2)}가${repeat('</div>', size / 2)}`,
    test: { size: 200_000, outcome: 'htmlDepth' },
  },
  {
    name: 'nested block quotes in HTML',
    file: 'quotes.html',
    build: (size) => `<h1>제목</h1>${repeat('<blockquote>', size)}가`,
    test: { size: 240_000, outcome: 'htmlDepth' },
  },
  {
    name: 'an article page, with scripts and page furniture around it (real shapes)',
    file: 'page.html',
    build: (size) =>
      `<html><head><title>제목</title><script>${'var a = "<div>";'.repeat(50)}</script></head><body><nav><ul><li>메뉴</ul></nav>` +
      `<div><div><article><h1>제목</h1>${repeat('<p>평양의 <b>쌀값</b>이 <a href="https://example.com/a">한 달 새</a> 올랐다.<p>', size)}</article></div></div></body></html>`,
    test: { size: 60_000, outcome: 'imported' },
  },
  {
    name: 'nested emphasis in HTML, under the element limit',
    file: 'em.html',
    build: (size) => `<h1>제목</h1><p>${repeat('<em>', size)}가</p>`,
    test: { size: 800, outcome: 'nestingDepth' },
  },
  {
    name: 'YAML alias bomb in front matter (issue: answered 500)',
    file: 'alias-bomb.md',
    build: () => `---\ntitle: 제목\nslug: hostile\n${yamlAliasBomb()}\n---\n\n본문\n`,
    test: { size: 0, outcome: 'frontMatterAliases' },
  },
  {
    name: 'YAML alias inside the value it names',
    file: 'alias-cycle.md',
    build: () => '---\ntitle: 제목\nslug: hostile\nloop: &loop [*loop]\n---\n\n본문\n',
    test: { size: 0, outcome: 'format-parse' },
  },
  {
    name: 'YAML flow lists nested',
    file: 'yaml-flow.md',
    build: (size) => `---\ntitle: 제목\nslug: hostile\nk: ${'['.repeat(size)}\n---\n\n본문\n`,
    test: { size: 15_000, outcome: 'frontMatterDepth' },
  },
  {
    name: 'YAML maps nested by indentation',
    file: 'yaml-block.md',
    build: (size) => {
      const depth = Math.max(2, Math.floor(Math.sqrt(size)));
      const lines = Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`);
      return `---\ntitle: 제목\nslug: hostile\n${lines.join('\n')} 1\n---\n\n본문\n`;
    },
    test: { size: 20_000, outcome: 'frontMatterDepth' },
  },
  {
    name: 'TOML arrays nested',
    file: 'toml-deep.md',
    build: (size) => `+++\ntitle = "제목"\nslug = "hostile"\nk = ${'['.repeat(size / 2)}${']'.repeat(size / 2)}\n+++\n\n본문\n`,
    test: { size: 15_000, outcome: 'frontMatterDepth' },
  },
  {
    name: 'JSON arrays nested',
    file: 'json-deep.md',
    build: (size) => `{\n"title": "제목",\n"slug": "hostile",\n"k": ${'['.repeat(size / 2)}${']'.repeat(size / 2)}\n}\n\n본문\n`,
    test: { size: 15_000, outcome: 'frontMatterDepth' },
  },
  {
    name: 'front matter larger than any real one',
    file: 'big-front-matter.md',
    build: (size) => `---\ntitle: 제목\nslug: hostile\nnotes: "${'가'.repeat(size)}"\n---\n\n본문\n`,
    test: { size: 100_000, outcome: 'frontMatterChars' },
  },
  {
    name: 'one paragraph longer than a segment may be',
    file: 'long-paragraph.md',
    build: (size) => `${FRONT}${repeat('평양의 쌀값이 올랐다. ', size)}\n`,
    test: { size: 60_000, outcome: 'segmentChars' },
  },
  {
    name: 'more paragraphs than an article may have (issue: 10,000 segments)',
    file: 'many-paragraphs.md',
    build: (size) => `${FRONT}${paragraphs('짧은 문단.', size)}`,
    test: { size: 20_000, outcome: 'segments' },
  },
  {
    name: 'plain text: one huge paragraph',
    file: 'long.txt',
    build: (size) => `제목\n\n${repeat('가*나_', size)}\n`,
    test: { size: 400_000, outcome: 'segmentChars' },
  },
  {
    name: 'plain text: more paragraphs than an article may have',
    file: 'many.txt',
    build: (size) => `제목\n\n${paragraphs('문단.', size)}`,
    test: { size: 30_000, outcome: 'segments' },
  },
  {
    name: 'a file over the import size',
    file: 'huge.md',
    build: (size) => `${FRONT}${paragraphs('평양의 쌀값이 한 달 새 20% 올랐다.', size)}`,
    test: { size: 1_200_000, outcome: 'importBytes' },
  },
  {
    name: 'a long article with links, emphasis, code and footnote marks (real shapes, many of them)',
    file: 'long-real.md',
    build: (size) =>
      `${FRONT}${paragraphs('평양의 **쌀값**은 [출처](https://example.com/a_b "제목")에 따르면 *1kg당* `6,000원`이다. 3~5일 걸린다*. [속보] www.example.com 참조.', size)}`,
    test: { size: 30_000, outcome: 'imported' },
  },
  {
    name: 'backslash escapes, densely',
    file: 'escapes.md',
    build: (size) => `${FRONT}${paragraphs(repeat('가\\*나\\_', 1_000), size)}`,
    test: { size: 30_000, outcome: 'imported' },
  },
  {
    name: 'a list longer than an article may have',
    file: 'long-list.md',
    build: (size) => `${FRONT}${repeat('- 항목\n', size)}`,
    test: { size: 20_000, outcome: 'listItems' },
  },
  {
    name: 'a wide table',
    file: 'table.md',
    build: (size) => {
      const columns = Math.max(1, Math.floor(size / 12));
      return `${FRONT}|${' 가 |'.repeat(columns)}\n|${' - |'.repeat(columns)}\n|${' 나 |'.repeat(columns)}\n`;
    },
    test: { size: 6_000, outcome: 'imported' },
  },
];

/**
 * Per-input time budget of the hostile-input tests, in milliseconds of CPU time: generous, so that only a superlinear
 * parse (seconds to minutes on these inputs) fails it.
 */
export const HOSTILE_BUDGET_MS = 2_000;

/**
 * The CPU time (user and system) this process spends while `run` runs, in milliseconds, and how it ended. CPU time
 * rather than wall-clock time: the machine's other test workers share its cores and would otherwise count too.
 */
export async function cpuTime(run: () => Promise<unknown>): Promise<{ readonly ms: number; readonly error?: unknown }> {
  const before = process.cpuUsage();
  let error: unknown;
  let failed = false;
  try {
    await run();
  } catch (caught) {
    failed = true;
    error = caught;
  }
  const used = process.cpuUsage(before);
  const ms = (used.user + used.system) / 1000;
  return failed ? { ms, error } : { ms };
}
