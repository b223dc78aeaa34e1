import { Parser } from 'htmlparser2';
import { type Element, js2xml, xml2js } from 'xml-js';
import { FormatParseError } from '../../core/errors.ts';

/**
 * What the xliff library leaves out, done on XML trees (xml-js, the library's own XML engine, and htmlparser2 for
 * positions), never on strings: the library writes no `state` on 1.2 `<target>` or 2.0 `<segment>` and reads none
 * back, knows no line numbers, silently skips a unit without id, drops whitespace-only text between inline elements
 * (`<g id="1">a</g> <x id="2"/>` loses its space) and trims a text that ends in a line break.
 */

/** A problem in the file: `xliff: <file>: line 42: what`. */
export function xliffError(message: string, file: string | undefined, line?: number, cause?: unknown): FormatParseError {
  const where = `${file ? `${file}: ` : ''}${line ? `line ${line}: ` : ''}`;
  // People read a translated sentence naming the line (errors:reasons.xliff.unreadable-at); `message` is the parser's
  // English and stays in the developer message and the log, never in what a reviewer sees.
  return new FormatParseError(
    `xliff: ${where}${message}`,
    { ...(file ? { file } : {}), ...(line ? { line } : {}) },
    line ? { cause, reason: 'xliff.unreadable-at', params: { line } } : { cause, reason: 'xliff.unreadable' },
  );
}

/** One unit element (1.2 `<trans-unit>`, 2.0 `<unit>`) as the scan found it. */
export interface ScannedUnit {
  readonly id: string;
  readonly line: number;
  /** The article it belongs to: the enclosing `<file>`'s `original` (1.2) or `id` (2.0). */
  readonly file: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Attributes of its `<target>` (1.2) or `<segment>` (2.0); of the first one when there are several. */
  readonly stateAttributes: Readonly<Record<string, string>>;
  /** How many `<segment>` elements it holds (2.0). */
  readonly segments: number;
}

export interface Scan {
  readonly version: string | undefined;
  /** The attributes of the root `<xliff>` (namespace declarations among them). */
  readonly rootAttributes: Readonly<Record<string, string>>;
  readonly units: readonly ScannedUnit[];
}

/**
 * Walk the document once for what the library does not report: the root, every unit with its line, and the
 * attributes that carry state. Throws FormatParseError for a root that is not `<xliff>`, a unit without id and a
 * unit id used twice in one file.
 */
export function scanUnits(xml: string, names: { unit: string; file: string; fileKey: string; state: string }, file?: string): Scan {
  let line = 1;
  let counted = 0;
  const lineAt = (index: number) => {
    for (; counted < index && counted < xml.length; counted++) if (xml.charCodeAt(counted) === 10) line++;
    return line;
  };
  let root: { name: string; version: string | undefined; attributes: Record<string, string> } | null = null;
  let currentFile = '';
  let unit: {
    id: string;
    line: number;
    attributes: Record<string, string>;
    state: Record<string, string> | null;
    segments: number;
  } | null = null;
  const units: ScannedUnit[] = [];
  const seen = new Set<string>();
  let failure: FormatParseError | null = null;
  const parser: Parser = new Parser(
    {
      onopentag(name, attributes) {
        if (failure) return;
        const at = lineAt(parser.startIndex);
        if (root === null) {
          root = { name, version: attributes.version, attributes };
          if (name !== 'xliff') failure = xliffError(`the root element is <${name}>, not <xliff>; is this an XLIFF file?`, file, at);
          return;
        }
        if (name === names.file) currentFile = attributes[names.fileKey] ?? '';
        else if (name === names.unit) {
          const id = attributes.id;
          if (!id) failure = xliffError(`<${name}> without id`, file, at);
          else if (seen.has(`${currentFile}\u0000${id}`)) failure = xliffError(`<${name} id="${id}"> appears twice`, file, at);
          else {
            seen.add(`${currentFile}\u0000${id}`);
            unit = { id, line: at, attributes, state: null, segments: 0 };
          }
        } else if (unit !== null) {
          if (name === 'segment') unit.segments += 1;
          if (name === names.state && unit.state === null) unit.state = attributes;
        }
      },
      onclosetag(name) {
        if (name !== names.unit || unit === null) return;
        units.push({
          id: unit.id,
          line: unit.line,
          file: currentFile,
          attributes: unit.attributes,
          stateAttributes: unit.state ?? {},
          segments: unit.segments,
        });
        unit = null;
      },
    },
    { xmlMode: true },
  );
  parser.end(xml);
  if (failure) throw failure;
  const found = root as { name: string; version: string | undefined; attributes: Record<string, string> } | null;
  if (found === null) throw xliffError('no <xliff> element; is this an XLIFF file?', file, 1);
  return { version: found.version, rootAttributes: found.attributes, units };
}

function parseTree(xml: string, file: string | undefined): Element {
  try {
    return xml2js(xml, { compact: false, captureSpacesBetweenElements: true }) as Element;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    // sax counts lines from 0.
    const line = /Line: (\d+)/.exec(message);
    throw xliffError(`not well-formed XML: ${message.split('\n')[0]}`, file, line ? Number(line[1]) + 1 : undefined, cause);
  }
}

function elementsOf(node: Element): Element[] {
  return node.elements ?? [];
}

/**
 * The document with every text inside `<source>` and `<target>` that the library would lose (whitespace only, or
 * ending in a line break) turned into CDATA, which it keeps as written. Throws FormatParseError with the line for a
 * document that is not well-formed.
 */
export function protectWhitespace(xml: string, file?: string): string {
  const tree = parseTree(xml, file);
  const visit = (node: Element, inText: boolean) => {
    for (const child of elementsOf(node)) {
      if (inText && child.type === 'text') {
        const text = String(child.text ?? '');
        if ((text.trim() === '' || /\n\s*$/.test(text)) && !text.includes(']]>')) {
          child.type = 'cdata';
          child.cdata = text;
          delete child.text;
        }
      } else if (child.type === 'element') visit(child, inText || child.name === 'source' || child.name === 'target');
    }
  };
  visit(tree, false);
  return js2xml(tree);
}

// Elements that hold only elements: indented on writing. Everything else (source, target, note) is written as is.
const STRUCTURAL = new Set(['xliff', 'file', 'body', 'group', 'trans-unit', 'unit', 'notes', 'segment']);

/**
 * Edit the elements of a document the library wrote: `edit` sees each element with the unit (1.2 `<trans-unit>`, 2.0
 * `<unit>`) it is in, and may set attributes. The result is indented between structural elements only, so no text
 * changes, and starts with an XML declaration.
 */
export function editElements(xml: string, unitName: string, edit: (element: Element, unitId: string | null) => void): string {
  const tree = parseTree(xml, undefined);
  const visit = (node: Element, unitId: string | null, depth: number) => {
    const children = elementsOf(node);
    for (const child of children) {
      if (child.type !== 'element') continue;
      const id = child.name === unitName ? String(child.attributes?.id ?? '') : unitId;
      edit(child, id);
      visit(child, id, depth + 1);
    }
    if (node.type === 'element' && STRUCTURAL.has(node.name ?? '') && children.length > 0) {
      const pad = (n: number): Element => ({ type: 'text', text: `\n${'  '.repeat(n)}` });
      node.elements = [...children.flatMap((c) => [pad(depth + 1), c]), pad(depth)];
    }
  };
  visit(tree, null, -1);
  tree.declaration = { attributes: { version: '1.0', encoding: 'UTF-8' } };
  return `${js2xml(tree)}\n`;
}

/** The document's root element and its `version` attribute; null when there is no element at all. */
export function rootElement(xml: string): { readonly name: string; readonly version: string | undefined } | null {
  let root: { name: string; version: string | undefined } | null = null;
  const parser: Parser = new Parser(
    {
      onopentag(name, attributes) {
        if (root) return;
        root = { name, version: attributes.version };
        parser.pause();
      },
    },
    { xmlMode: true },
  );
  parser.end(xml);
  return root;
}
