// The Markdown tree every format ends in (see markdown.ts for why remark): parsing with front matter, deterministic
// stringifying, and the walk that finds translatable units in the same order for parsing and for rebuilding.
import type { Heading, Image, Paragraph, PhrasingContent, Root, RootContent, TableCell } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import { unified, type Processor } from 'unified';
import YAML from 'yaml';
import { FormatParseError, ValidationError } from '../../core/errors.ts';
import { splitFrontMatterBlock, stringifyFrontMatterBlock, type FrontMatterSyntax } from '../../core/front-matter-syntax.ts';
import {
  checkFrontMatterText,
  DEFAULT_TRANSLATED_FRONT_MATTER_KEYS,
  frontMatterTexts,
  kindOfFrontMatterKey,
  parseFrontMatterNode,
} from './front-matter-block.ts';
import type { ExtractedSegment, FrontMatter, InlineTag, SegmentKind } from '../../core/model.ts';
import { escapeText, hasTranslatableText, stripTags } from '../../core/segment-text.ts';
import { TRANSLATED_TAG_ATTRIBUTES } from '../../core/tag-attributes.ts';
import { checkMarkdownShape, checkNestingDepth } from './markdown-shape.ts';
import { remarkHugoShortcodes } from './shortcode-syntax.ts';
import { isShortcodeBlock, pushShortcodeParams } from './shortcode-units.ts';
import { phrasingToTagged, taggedToPhrasing, unescapeXml, type TaggedText } from './inline-tags.ts';

const processor = unified()
  .use(remarkParse)
  // Hugo's three front matter syntaxes; JSON only in its line-fenced form (`{` and `}` alone on their lines).
  .use(remarkFrontmatter, ['yaml', 'toml', { type: 'json', fence: { open: '{', close: '}' } }])
  // singleTilde off: Korean writes ranges with a tilde ("3~5일", "10~20%"), and two of them in a paragraph would
  // otherwise become strikethrough.
  .use(remarkGfm, { singleTilde: false, tablePipeAlign: false })
  .use(escapeOnlyDoubleTildes)
  .use(remarkHugoShortcodes)
  .use(remarkStringify, {
    bullet: '-',
    bulletOrdered: '.',
    emphasis: '*',
    strong: '*',
    fence: '`',
    fences: true,
    rule: '-',
    listItemIndent: 'one',
    incrementListMarker: true,
    setext: false,
    closeAtx: false,
    resourceLink: false,
    quote: '"',
  })
  .freeze();

/**
 * remark-gfm escapes every tilde in text (`3\\~5일`) because it assumes single-tilde strikethrough; with singleTilde
 * off only a run of two can open one, so escape a tilde only next to another tilde.
 */
function escapeOnlyDoubleTildes(this: Processor): void {
  type Unsafe = { character?: string; inConstruct?: unknown; before?: string; after?: string };
  type Extension = { unsafe?: Unsafe[]; extensions?: Extension[] };
  const rewrite = (ext: Extension): void => {
    ext.extensions?.forEach(rewrite);
    if (!ext.unsafe) return;
    ext.unsafe = ext.unsafe.flatMap((u) =>
      u.character === '~' && u.inConstruct === 'phrasing' && u.before === undefined && u.after === undefined
        ? [
            { ...u, after: '~' },
            { ...u, before: '~' },
          ]
        : [u],
    );
  };
  const extensions = (this.data() as Record<string, unknown>).toMarkdownExtensions;
  if (Array.isArray(extensions)) (extensions as Extension[]).forEach(rewrite);
}

/** A parsed Markdown document: the body tree and its front matter (null when the document has none). */
export interface MarkdownTree {
  readonly root: Root;
  /** The front matter as a YAML document model whatever its syntax, so every key is read and set one way. */
  readonly yaml: YAML.Document | null;
  /** The syntax the front matter came in and is written back in; default `yaml`. */
  readonly syntax?: FrontMatterSyntax;
}

/** One translatable unit of a tree: what it extracts and how to write a text back into it. */
export interface Unit extends ExtractedSegment {
  /** Replace the unit's content with `text` (tagged like `source`); `where` labels error messages. */
  apply(text: string, where: string): void;
}

/**
 * Parse Markdown with its front matter. Throws LimitError when its shape passes LIMITS (checked before parsing, see
 * markdown-shape.ts) and FormatParseError when its front matter is broken.
 */
export function parseMarkdownTree(text: string, file: string): MarkdownTree {
  // splitFrontMatterBlock finds the block exactly where remark-frontmatter will: its text has limits of its own.
  const block = splitFrontMatterBlock(text);
  if (block.present) checkFrontMatterText(block.syntax, block.text, file, block.syntax === 'json' ? 1 : 2);
  checkMarkdownShape(text, file, text.length - block.body.length);
  const root = processor.parse(text);
  checkNestingDepth(root, file);
  const first = root.children[0] as { type: string; value: string } | undefined;
  if (first === undefined || !['yaml', 'toml', 'json'].includes(first.type)) {
    const fence = /^(---|\+\+\+)[ \t]*\n/.exec(text)?.[1];
    if (fence !== undefined) {
      throw new FormatParseError(
        `markdown: ${file} opens front matter with ${fence} at line 1 but never closes it; end the front matter with a ${fence} line`,
        { file, line: 1 },
        { reason: 'format.front-matter-unclosed', params: { file, fence } },
      );
    }
    return { root, yaml: null };
  }
  root.children.shift();
  const syntax = first.type as FrontMatterSyntax;
  const yaml = parseFrontMatterNode(syntax, first.value, file);
  if (yaml.contents !== null && !YAML.isMap(yaml.contents)) {
    throw new FormatParseError(
      `markdown: ${file} front matter at line 2 is not a mapping; write it as "key: value" lines (title: …)`,
      { file, line: 2 },
      { reason: 'format.front-matter-not-mapping', params: { file } },
    );
  }
  // The keys Tandem itself reads as text; other translated keys simply skip values that are not text.
  for (const key of ['title', 'subtitle', 'description']) {
    const value = yaml.get(key, true);
    if (value !== undefined && !(YAML.isScalar(value) && (value.value === null || isText(value.value)))) {
      const line = lineOfKey(first.value, key);
      throw new FormatParseError(
        `markdown: ${file} front matter "${key}" at line ${line} must be text`,
        { file, line },
        { reason: 'format.front-matter-not-text', params: { file, key, line } },
      );
    }
  }
  return { root, yaml, syntax };
}

export function frontMatterOf(tree: MarkdownTree): FrontMatter {
  const data: unknown = tree.yaml?.toJS() ?? {};
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? { ...(data as Record<string, unknown>) } : {};
}

/** The normalized Markdown: front matter block (when there is one), then the body with deterministic stringify options. */
export function stringifyMarkdownTree(tree: MarkdownTree): string {
  const body = tree.root.children.length === 0 ? '' : processor.stringify(tree.root);
  if (!tree.yaml) return body;
  if (tree.syntax === 'toml' || tree.syntax === 'json') {
    const block = stringifyFrontMatterBlock(tree.syntax, frontMatterOf(tree));
    return `${block}${body === '' ? '' : `\n${body}`}`;
  }
  const yaml = tree.yaml.contents === null && tree.yaml.commentBefore == null ? '' : tree.yaml.toString({ lineWidth: 0 });
  return `---\n${yaml}---\n${body === '' ? '' : `\n${body}`}`;
}

/** A new front matter document holding `data` (keys with undefined values are left out). */
export function createFrontMatter(data: Readonly<Record<string, unknown>>): YAML.Document {
  const clean = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
  return new YAML.Document(clean);
}

/** Set front matter keys: a changed text scalar keeps its quoting style; undefined removes the key. */
export function setFrontMatter(tree: MarkdownTree, entries: Readonly<Record<string, unknown>>): MarkdownTree {
  const yaml = tree.yaml ?? new YAML.Document({});
  if (yaml.contents === null) yaml.contents = yaml.createNode({});
  for (const [key, value] of Object.entries(entries)) {
    if (value === undefined) {
      yaml.delete(key);
      continue;
    }
    const node = yaml.get(key, true);
    if (YAML.isScalar(node) && isText(value) && isText(node.value)) {
      if (node.value !== value) node.value = value;
    } else {
      yaml.set(key, value);
    }
  }
  return { root: tree.root, yaml, ...(tree.syntax ? { syntax: tree.syntax } : {}) };
}

/** Which front matter keys are translated (see DEFAULT_TRANSLATED_FRONT_MATTER_KEYS); parse and rebuild must agree. */
export interface MarkdownConfig {
  readonly translatedFrontMatterKeys?: readonly string[];
}

/** The translatable units of a tree in reading order: translated front matter keys, then body blocks. */
export function collectUnits(tree: MarkdownTree, config: MarkdownConfig = {}): Unit[] {
  const units: Unit[] = [];
  const yaml = tree.yaml;
  // A front matter title, translated or not, is the title; otherwise the first top-level H1 is.
  const titleFromHeading = !isText(yaml?.get('title'));
  if (yaml) {
    for (const { key, node } of frontMatterTexts(yaml, config.translatedFrontMatterKeys ?? DEFAULT_TRANSLATED_FRONT_MATTER_KEYS)) {
      const source = escapeText(String(node.value));
      if (!hasTranslatableText(source)) continue;
      units.push({
        kind: kindOfFrontMatterKey(key),
        source,
        tags: {},
        apply(text, where) {
          node.value = plainText(text, where);
        },
      });
    }
  }

  // Without a front matter title, the first top-level H1 is the article's title.
  const state = { titleFromHeading };
  walkBlocks(tree.root.children, 'paragraph', units, state, true);
  return units;
}

/** Plain-text title of a tree: the front matter title, else the first top-level H1; undefined when neither exists. */
export function titleOf(tree: MarkdownTree, units: readonly Unit[]): string | undefined {
  const fromYaml = tree.yaml?.get('title');
  if (isText(fromYaml)) return String(fromYaml);
  const unit = units.find((u) => u.kind === 'title');
  return unit ? plainText(stripTags(unit.source), 'title') : undefined;
}

type BlockContext = 'paragraph' | 'quote' | 'list-item';

function walkBlocks(
  nodes: readonly RootContent[],
  context: BlockContext,
  units: Unit[],
  state: { titleFromHeading: boolean },
  topLevel: boolean,
): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'paragraph':
        if (isStandaloneImage(node)) pushImage(node.children[0] as Image, units);
        else if (isShortcodeBlock(node)) pushShortcodeParams(node, units);
        else pushPhrasing(node, context, units);
        break;
      case 'heading': {
        const isTitle = topLevel && node.depth === 1 && state.titleFromHeading;
        if (pushPhrasing(node, isTitle ? 'title' : 'heading', units) && isTitle) state.titleFromHeading = false;
        break;
      }
      case 'blockquote':
        walkBlocks(node.children, 'quote', units, state, false);
        break;
      case 'list':
        for (const item of node.children) walkBlocks(item.children, 'list-item', units, state, false);
        break;
      case 'table':
        for (const row of node.children) for (const cell of row.children) pushPhrasing(cell, 'table-cell', units);
        break;
      case 'footnoteDefinition':
        walkBlocks(node.children, 'paragraph', units, state, false);
        break;
      default:
      // code, html, thematicBreak, definition: kept verbatim, nothing to translate. A paragraph of shortcodes only is
      // kept verbatim too (above), apart from a figure's text parameters.
    }
  }
}

function isStandaloneImage(node: Paragraph): boolean {
  return node.children.length === 1 && node.children[0]?.type === 'image';
}

function pushPhrasing(node: Paragraph | Heading | TableCell, kind: SegmentKind, units: Unit[]): boolean {
  const tagged: TaggedText = phrasingToTagged(node.children);
  if (!hasTranslatableText(tagged.source)) return false;
  // The tags this block is rebuilt with: a translated link title or image alt text (units pushed after this one)
  // replaces the attribute here and decodes the block's text again.
  const tags: Record<string, InlineTag> = { ...tagged.tags };
  let applied: { readonly text: string; readonly where: string } | null = null;
  const decode = () => {
    if (applied) node.children = taggedToPhrasing(applied.text, tags, applied.where) as PhrasingContent[];
  };
  units.push({
    kind,
    source: tagged.source,
    tags: tagged.tags,
    apply(text, where) {
      applied = { text, where };
      decode();
    },
  });
  for (const [n, tag] of Object.entries(tagged.tags)) {
    const attr = TRANSLATED_TAG_ATTRIBUTES[tag.node];
    const value = attr ? tag.attrs?.[attr] : null;
    if (!attr || !value || !hasTranslatableText(escapeText(value))) continue;
    units.push({
      kind: attr === 'title' ? 'link-title' : 'image-alt',
      source: escapeText(value),
      tags: {},
      apply(text, where) {
        tags[n] = { ...tag, attrs: { ...tag.attrs, [attr]: plainText(text, where) } };
        decode();
      },
    });
  }
  return true;
}

/** A paragraph that is only an image is a figure: its alt text and its title (the caption) are segments of their own. */
function pushImage(image: Image, units: Unit[]): void {
  const alt = escapeText(image.alt ?? '');
  if (hasTranslatableText(alt)) {
    units.push({
      kind: 'image-alt',
      source: alt,
      tags: {},
      apply(text, where) {
        image.alt = plainText(text, where);
      },
    });
  }
  const caption = escapeText(image.title ?? '');
  if (hasTranslatableText(caption)) {
    units.push({
      kind: 'caption',
      source: caption,
      tags: {},
      apply(text, where) {
        image.title = plainText(text, where);
      },
    });
  }
}

/** Tag-free text for places that hold no markup (front matter values, alt text); any tag there is refused. */
function plainText(text: string, where: string): string {
  return unescapeXml(text, where);
}

function isText(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

function lineOfKey(yamlText: string, key: string): number {
  const index = yamlText.split('\n').findIndex((l) => l.startsWith(`${key}:`));
  return index === -1 ? 2 : index + 2;
}

/** Fail early with a message that says which text was wrong, before anything is written. */
export function checkTextCount(units: readonly Unit[], texts: readonly string[]): void {
  if (texts.length !== units.length) {
    throw new ValidationError(
      `rebuild: got ${texts.length} texts for a document with ${units.length} segments; pass one text per segment, in order (an article imported under other segmentation rules, such as other TANDEM_TRANSLATED_FRONT_MATTER keys, must be re-imported first)`,
    );
  }
}
