// Front matter blocks as the Markdown adapter reads them: every syntax ends in one YAML document model, so keys are
// read, translated and set one way, and core/front-matter-syntax.ts writes TOML and JSON back.
import YAML from 'yaml';
import { FormatParseError, LimitError } from '../../core/errors.ts';
import { LIMITS } from '../../core/limits.ts';
import type { SegmentKind } from '../../core/model.ts';
import {
  estimateFrontMatterDepth,
  FrontMatterSyntaxError,
  parseFrontMatterText,
  valueDepth,
  type FrontMatterSyntax,
} from '../../core/front-matter-syntax.ts';

/**
 * The front matter text remark-frontmatter found (without fences) as a YAML document model. Throws LimitError when it
 * passes LIMITS.frontMatterChars or LIMITS.frontMatterDepth (both checked before parsing) or, for YAML,
 * LIMITS.frontMatterAliases; FormatParseError naming the file and the line in the whole file when it does not parse
 * or an alias refers to a node that contains it.
 */
export function parseFrontMatterNode(syntax: FrontMatterSyntax, value: string, file: string): YAML.Document {
  // +1: the front matter starts on the line after its opening fence.
  checkFrontMatterText(syntax, value, file, 2);
  return syntax === 'yaml' ? parseYamlBlock(value, file) : otherBlock(syntax, value, file);
}

/**
 * The checks that need no parsing: throws LimitError when front matter `text` passes LIMITS.frontMatterChars or its
 * estimated nesting (estimateFrontMatterDepth) LIMITS.frontMatterDepth. `firstLine` is the line of the file where
 * `text` starts, for messages.
 */
export function checkFrontMatterText(syntax: FrontMatterSyntax, text: string, file: string, firstLine: number): void {
  if (text.length > LIMITS.frontMatterChars) {
    throw new LimitError(
      'frontMatterChars',
      `markdown: ${file} has ${text.length} characters of front matter; the limit is ${LIMITS.frontMatterChars}`,
      { file, line: firstLine, actual: text.length },
    );
  }
  const estimate = estimateFrontMatterDepth(text, syntax);
  if (estimate.depth > LIMITS.frontMatterDepth) throw tooDeep(file, estimate.line + firstLine - 1);
}

function tooDeep(file: string, line?: number): LimitError {
  return new LimitError(
    'frontMatterDepth',
    `markdown: ${file} front matter nests more than ${LIMITS.frontMatterDepth} levels deep${line === undefined ? '' : ` at line ${line}`}; flatten it`,
    { file, ...(line === undefined ? {} : { line }) },
  );
}

function parseYamlBlock(text: string, file: string): YAML.Document {
  let yaml: YAML.Document;
  try {
    yaml = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  } catch (cause) {
    // The yaml parser recurses once per level; the estimate is meant to refuse deep text before it gets here.
    if (cause instanceof RangeError) throw tooDeep(file);
    throw cause;
  }
  const error = yaml.errors[0];
  if (error) {
    // +1: the YAML starts on the line after the opening ---.
    const line = (error.linePos?.[0]?.line ?? 1) + 1;
    const reason = error.message.split('\n')[0] ?? error.message;
    throw new FormatParseError(
      `markdown: ${file} has broken front matter at line ${line}: ${reason}; fix the YAML between the --- lines`,
      { file, line },
      { cause: error, reason: 'format.front-matter-yaml', params: { file, line } },
    );
  }
  checkYamlNodes(yaml, file);
  try {
    yaml.toJS({ maxAliasCount: LIMITS.frontMatterAliases });
  } catch (cause) {
    // The yaml library throws a ReferenceError when aliases expand past maxAliasCount.
    if (!(cause instanceof ReferenceError)) throw cause;
    throw new LimitError(
      'frontMatterAliases',
      `markdown: ${file} front matter expands YAML aliases (*name) past the limit of ${LIMITS.frontMatterAliases}; write the values out`,
      { file },
      { cause },
    );
  }
  return yaml;
}

type AnchorChain = { readonly name: string; readonly outer: AnchorChain } | null;

/**
 * Nesting of the YAML node tree (aliases not followed) against LIMITS.frontMatterDepth, and aliases to a node that
 * contains them (`a: &a [*a]`), which would make the front matter a cycle that cannot be stored. Iterative.
 */
function checkYamlNodes(yaml: YAML.Document, file: string): void {
  const stack: [unknown, number, AnchorChain][] = [[yaml.contents, 1, null]];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [node, depth, anchors] = entry;
    if (YAML.isAlias(node)) {
      for (let a = anchors; a !== null; a = a.outer) {
        if (a.name === node.source) {
          throw new FormatParseError(
            `markdown: ${file} front matter alias *${node.source} refers to a value that contains it; write the value out`,
            { file },
            { reason: 'format.front-matter-alias-loop', params: { file, alias: node.source.slice(0, 80) } },
          );
        }
      }
    } else if (YAML.isCollection(node)) {
      if (depth > LIMITS.frontMatterDepth) throw tooDeep(file);
      const inner = node.anchor ? { name: node.anchor, outer: anchors } : anchors;
      for (const item of node.items) {
        if (YAML.isPair(item)) stack.push([item.key, depth + 1, inner], [item.value, depth + 1, inner]);
        else stack.push([item, depth + 1, inner]);
      }
    }
  }
}

/** TOML (`+++`) or JSON front matter, read into the same document model as YAML. */
function otherBlock(syntax: 'toml' | 'json', value: string, file: string): YAML.Document {
  try {
    // remark-frontmatter leaves the fences out; JSON's fences are its own braces.
    const data = parseFrontMatterText(syntax, syntax === 'json' ? `{\n${value}\n}` : value);
    // Before the YAML model is built: building it recurses.
    if (valueDepth(data) > LIMITS.frontMatterDepth) throw tooDeep(file);
    const yaml = new YAML.Document(data);
    keepDates(yaml, data, []);
    return yaml;
  } catch (error) {
    if (!(error instanceof FrontMatterSyntaxError)) throw error;
    // +1: TOML starts on the line after +++; JSON's first line is its own brace.
    const line = error.line + (syntax === 'toml' ? 1 : 0);
    const name = syntax === 'toml' ? 'TOML between the +++ lines' : 'JSON object';
    throw new FormatParseError(
      `markdown: ${file} has broken front matter at line ${line}: ${error.message}; fix the ${name}`,
      { file, line },
      { cause: error, reason: syntax === 'toml' ? 'format.front-matter-toml' : 'format.front-matter-json', params: { file, line } },
    );
  }
}

/**
 * The YAML model turns a Date into its JSON string; put TOML's dates back as they were parsed (smol-toml's TomlDate
 * remembers whether it was a local date, a local time or an offset date-time) so they are written back unquoted.
 */
function keepDates(yaml: YAML.Document, value: unknown, path: (string | number)[]): void {
  if (value instanceof Date) {
    const node = yaml.getIn(path, true);
    if (YAML.isScalar(node)) node.value = value;
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      keepDates(yaml, item, [...path, i]);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) keepDates(yaml, item, [...path, key]);
  }
}

/**
 * Front matter keys translated by default (TANDEM_TRANSLATED_FRONT_MATTER overrides): the fields a reader sees on the
 * page. A dotted key reaches into a table (`params.byline`). A text value is one segment; a list of texts (tags,
 * categories) is one segment per item.
 */
export const DEFAULT_TRANSLATED_FRONT_MATTER_KEYS = [
  'title',
  'subtitle',
  'description',
  'summary',
  'author',
  'byline',
  'tags',
  'categories',
] as const;

const KIND_OF_KEY: Readonly<Record<string, SegmentKind>> = {
  title: 'title',
  subtitle: 'subtitle',
  description: 'subtitle',
  summary: 'summary',
  author: 'byline',
  byline: 'byline',
  authors: 'byline',
  tags: 'tag',
  categories: 'tag',
};

/** The segment kind of a translated front matter key: by its last part (`params.byline` → byline); others are summaries. */
export function kindOfFrontMatterKey(key: string): SegmentKind {
  return KIND_OF_KEY[key.split('.').pop() ?? key] ?? 'summary';
}

/** A translatable text scalar of the front matter, with the key it belongs to. */
export interface FrontMatterText {
  readonly key: string;
  readonly node: YAML.Scalar;
}

/** The text scalars of `keys` in key order (list items in list order); non-text values are left alone. */
export function frontMatterTexts(yaml: YAML.Document, keys: readonly string[]): FrontMatterText[] {
  const out: FrontMatterText[] = [];
  for (const key of keys) {
    const node = yaml.getIn(key.split('.'), true);
    const items = YAML.isSeq(node) ? node.items : [node];
    for (const item of items) {
      if (YAML.isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number')) out.push({ key, node: item });
    }
  }
  return out;
}
