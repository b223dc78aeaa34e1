import { extname } from 'node:path';
import { ValidationError } from '../../core/errors.ts';
import type { Format } from '../../core/ports/format.ts';
import { HtmlFormat } from './html.ts';
import { MarkdownFormat } from './markdown.ts';
import { TextFormat } from './text.ts';

export { decodeInput, DEFAULT_MAX_INPUT_BYTES, type DecodeConfig } from './decode.ts';
export { HtmlFormat } from './html.ts';
export { createMarkdownFormat, createMarkdownRebuilder, MarkdownFormat, markdownRebuilder, type MarkdownConfig } from './markdown.ts';
export { DEFAULT_TRANSLATED_FRONT_MATTER_KEYS } from './front-matter-block.ts';
export { TextFormat } from './text.ts';

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
      [`unsupported-extension:${ext}`],
      { reason: 'import.unknown-format', params: { file: fileName, supported } },
    );
  }
  return format;
}
