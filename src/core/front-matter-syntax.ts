import { parse as parseToml, stringify as stringifyToml, TomlError } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { LIMITS } from './limits.ts';

/**
 * The front matter syntaxes Hugo reads (gohugo.io/content-management/front-matter): YAML between `---` lines, TOML
 * between `+++` lines, JSON as an object whose `{` and `}` stand on lines of their own. An article is published in the
 * syntax it came in; this module is the one place that tells them apart.
 */
export const FRONT_MATTER_SYNTAXES = ['yaml', 'toml', 'json'] as const;
export type FrontMatterSyntax = (typeof FRONT_MATTER_SYNTAXES)[number];

// The rules of micromark-extension-frontmatter, which remark parses with: the opening fence alone on line 1 (spaces and
// tabs may follow it), the block ending at the first line that starts with the closing fence followed by nothing but
// spaces and tabs. The Markdown adapter relies on both agreeing.
const BLOCKS: readonly [FrontMatterSyntax, RegExp][] = [
  ['yaml', /^---[ \t]*\n((?:[^\n]*\n)*?)---[ \t]*(?:\n|$)/],
  ['toml', /^\+\+\+[ \t]*\n((?:[^\n]*\n)*?)\+\+\+[ \t]*(?:\n|$)/],
  ['json', /^(\{[ \t]*\n(?:[^\n]*\n)*?\})[ \t]*(?:\n|$)/],
];

/**
 * Split a document (LF line ends) into its front matter text and body. The text is without fences for YAML and TOML
 * and the whole object for JSON. A document without front matter gives syntax `yaml` and empty text.
 */
export function splitFrontMatterBlock(document: string): {
  readonly syntax: FrontMatterSyntax;
  readonly text: string;
  readonly body: string;
  /** False when the document has no front matter block. */
  readonly present: boolean;
} {
  for (const [syntax, pattern] of BLOCKS) {
    const match = pattern.exec(document);
    if (match) {
      // YAML and TOML text without the line end before the closing fence.
      const text = syntax === 'json' ? (match[1] ?? '') : (match[1] ?? '').replace(/\n$/, '');
      return { syntax, text, body: document.slice(match[0].length), present: true };
    }
  }
  return { syntax: 'yaml', text: '', body: document, present: false };
}

/**
 * Parse TOML or JSON front matter text into a plain object. Throws FrontMatterSyntaxError with a 1-based line within
 * `text` when it does not parse or is not a table/object. (YAML keeps its document model in the Markdown adapter, so
 * comments and quoting survive; `parseFrontMatterData` reads it too, for readers of published files.)
 */
export function parseFrontMatterText(syntax: 'toml' | 'json', text: string): Record<string, unknown> {
  let data: unknown;
  try {
    // smol-toml's own guard, in case the estimate (estimateFrontMatterDepth) was passed by something it missed.
    data = syntax === 'toml' ? parseToml(text, { maxDepth: LIMITS.frontMatterDepth * 2 }) : JSON.parse(text);
  } catch (cause) {
    const line = cause instanceof TomlError ? cause.line : jsonErrorLine(cause, text);
    const reason = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0] ?? '';
    throw new FrontMatterSyntaxError(reason, line, { cause });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new FrontMatterSyntaxError('front matter is not a table of keys', 1);
  }
  return { ...(data as Record<string, unknown>) };
}

/** Front matter text of any syntax as a plain object; `{}` when it is empty or unreadable (for display only). */
export function parseFrontMatterData(syntax: FrontMatterSyntax, text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    if (text.length > LIMITS.frontMatterChars || estimateFrontMatterDepth(text, syntax).depth > LIMITS.frontMatterDepth) return {};
    const data: unknown =
      syntax === 'yaml' ? parseYaml(text, { maxAliasCount: LIMITS.frontMatterAliases }) : parseFrontMatterText(syntax, text);
    return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** TOML or JSON front matter block, fences included and ending in a newline. Keys with undefined values are left out. */
export function stringifyFrontMatterBlock(syntax: 'toml' | 'json', data: Readonly<Record<string, unknown>>): string {
  const clean = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
  if (syntax === 'json') return `${JSON.stringify(clean, null, 2)}\n`;
  const toml = stringifyToml(clean);
  return `+++\n${toml}${toml === '' || toml.endsWith('\n') ? '' : '\n'}+++\n`;
}

/** Front matter that does not parse; `line` is 1-based within the front matter text. */
export class FrontMatterSyntaxError extends Error {
  readonly line: number;
  constructor(message: string, line: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FrontMatterSyntaxError';
    this.line = line;
  }
}

function jsonErrorLine(cause: unknown, text: string): number {
  const position = /position (\d+)/.exec(cause instanceof Error ? cause.message : '')?.[1];
  return position === undefined ? 1 : text.slice(0, Number(position)).split('\n').length;
}

/**
 * A linear estimate of how deeply front matter text nests, erring high: per line, the depth of its indentation among
 * the lines before it plus any `- ` or `? ` markers (and, in YAML, every `: ` after the first, since `a: b: c` nests
 * in the parser before it is refused), or the depth of `[` and `{` still open, whichever is larger. `line` is the
 * 1-based line within `text` where the deepest point is.
 */
export function estimateFrontMatterDepth(text: string, syntax: FrontMatterSyntax): { readonly depth: number; readonly line: number } {
  const indents: number[] = [];
  let brackets = 0;
  let deepest = { depth: 0, line: 1 };
  let line = 1;
  for (let start = 0; start <= text.length; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    let i = start;
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i < end) {
      const indent = i - start;
      while (indents.length > 0 && (indents[indents.length - 1] ?? 0) >= indent) indents.pop();
      indents.push(indent);
      let markers = 0;
      while (i + 1 < end && (text[i] === '-' || text[i] === '?') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        markers++;
        i += 2;
        while (i < end && text[i] === ' ') i++;
      }
      let depth = Math.max(indents.length + markers, brackets);
      let colons = 0;
      for (; i < end; i++) {
        const c = text[i];
        if (c === '[' || c === '{') depth = Math.max(depth, ++brackets);
        else if ((c === ']' || c === '}') && brackets > 0) brackets--;
        else if (c === ':' && syntax === 'yaml' && (i + 1 === end || text[i + 1] === ' ' || text[i + 1] === '\t')) {
          if (++colons > 1) depth = Math.max(depth, indents.length + markers + colons - 1);
        }
      }
      if (depth > deepest.depth) deepest = { depth, line };
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  return deepest;
}

/** How deeply a parsed front matter value nests arrays and objects (a top-level table is 1). Iterative. */
export function valueDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [item, depth] = entry;
    if (item === null || typeof item !== 'object' || item instanceof Date) continue;
    deepest = Math.max(deepest, depth);
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}
