import { extname } from 'node:path';
import { ValidationError } from '../../core/errors.ts';
import type { Format } from '../../core/ports/format.ts';
import { stripBom } from '../../core/text.ts';
import { XLIFF_VERSIONS, type XliffFormat, type XliffFormats } from '../../core/ports/xliff-format.ts';
import { HtmlFormat } from './html.ts';
import { MarkdownFormat } from './markdown.ts';
import { TextFormat } from './text.ts';
import { xliff12Format } from './xliff12.ts';
import { xliff20Format } from './xliff20.ts';
import { rootElement, xliffError } from './xliff-tree.ts';

export { decodeInput, DEFAULT_MAX_INPUT_BYTES, type DecodeConfig } from './decode.ts';
export { HtmlFormat } from './html.ts';
export { createMarkdownFormat, createMarkdownRebuilder, MarkdownFormat, markdownRebuilder, type MarkdownConfig } from './markdown.ts';
export { DEFAULT_TRANSLATED_FRONT_MATTER_KEYS } from './front-matter-block.ts';
export { TextFormat } from './text.ts';
export { xliff12Format } from './xliff12.ts';
export { xliff20Format } from './xliff20.ts';

/** Every input format Tandem reads; adding one is a file plus a line here. */
export const FORMATS = [MarkdownFormat, HtmlFormat, TextFormat] as const satisfies readonly Format[];

/** The format that reads `fileName`, chosen by its extension; throws a ValidationError naming the file otherwise. */
export function formatForFile(fileName: string): Format {
  const ext = extname(fileName).toLowerCase();
  const format = FORMATS.find((f) => (f.extensions as readonly string[]).includes(ext));
  if (!format) {
    const supported = FORMATS.flatMap((f) => f.extensions).join(', ');
    throw new ValidationError(
      `import: cannot read ${fileName}: ${ext === '' ? 'it has no file extension' : `"${ext}" is not a supported format`}; use one of ${supported}`,
      ['file'],
      { reason: 'import.unknown-format', params: { file: fileName, supported } },
    );
  }
  return format;
}

/** The XLIFF versions Tandem exchanges with agencies; adding one is a file plus a line here. */
export const XLIFF_FORMATS = [xliff12Format, xliff20Format] as const satisfies readonly XliffFormat[];

/** XLIFF_FORMATS as the exchange service sees them: by version, and a reader that picks one by the root's `version`. */
export const xliffFormats: XliffFormats = {
  forVersion: (version) => XLIFF_FORMATS.find((f) => f.version === version)!,
  parse(text, file) {
    const root = rootElement(stripBom(text));
    if (root === null) return Promise.reject(xliffError('no <xliff> element; is this an XLIFF file?', file, 1));
    if (root.name !== 'xliff')
      return Promise.reject(xliffError(`the root element is <${root.name}>, not <xliff>; is this an XLIFF file?`, file, 1));
    const { version } = root;
    const format = XLIFF_FORMATS.find((f) => f.version === version);
    if (!format) {
      const found = version === undefined ? 'no version' : `version "${version}"`;
      return Promise.reject(xliffError(`the root element has ${found}; Tandem reads XLIFF ${XLIFF_VERSIONS.join(' and ')}`, file, 1));
    }
    return format.parse(text, file);
  },
};
