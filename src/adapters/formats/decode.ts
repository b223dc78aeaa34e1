import { FormatParseError, LimitError } from '../../core/errors.ts';
import { formatSizeAndLimit, LIMITS } from '../../core/limits.ts';
import { normalizeText } from '../../core/text.ts';

/** LIMITS.importBytes (1 MiB). */
export const DEFAULT_MAX_INPUT_BYTES = LIMITS.importBytes;

export interface DecodeConfig {
  /** Largest accepted input in bytes (UTF-8); default LIMITS.importBytes. Tests lower it. */
  readonly maxBytes?: number;
}

// C0 controls other than tab, LF, form feed and CR, plus DEL: they do not occur in articles, but do in binary files.
const CONTROL_CHAR = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Turn an uploaded or read file into the text every format parses: refuses oversized input with a LimitError
 * (`importBytes`) before looking at it, binary data and invalid UTF-8 with a FormatParseError naming the file; strips a
 * BOM, turns CRLF/CR into LF and normalizes to NFC.
 */
export function decodeInput(bytes: Uint8Array | string, file: string, opts: DecodeConfig = {}): string {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes, 'utf8') : bytes.byteLength;
  if (size > maxBytes) {
    const [shown, limit] = formatSizeAndLimit(size, maxBytes);
    throw new LimitError('importBytes', `import: ${file} is too large (${shown}, the limit is ${limit}); split the article`, {
      file,
      actual: size,
      max: maxBytes,
    });
  }

  let text: string;
  if (typeof bytes === 'string') {
    if (LONE_SURROGATE.test(bytes)) {
      throw new FormatParseError(
        `import: ${file} is not valid Unicode (it contains a lone surrogate); re-save it as UTF-8`,
        { file },
        {
          reason: 'format.lone-surrogate',
          params: { file },
        },
      );
    }
    text = bytes;
  } else {
    const nul = bytes.indexOf(0);
    if (nul !== -1) {
      throw new FormatParseError(
        `import: ${file} looks like binary data (NUL byte at offset ${nul}); import Markdown, HTML or plain text`,
        { file },
        { reason: 'format.binary', params: { file, offset: nul } },
      );
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch (cause) {
      const at = firstInvalidUtf8Byte(bytes);
      throw new FormatParseError(
        `import: ${file} is not valid UTF-8 (byte ${at}, line ${lineOfByte(bytes, at)}); re-save it as UTF-8`,
        { file, line: lineOfByte(bytes, at) },
        { cause, reason: 'format.not-utf8', params: { file, line: lineOfByte(bytes, at) } },
      );
    }
  }

  const control = CONTROL_CHAR.exec(text);
  if (control) {
    const code = control[0].codePointAt(0) ?? 0;
    const line = text.slice(0, control.index).split('\n').length;
    throw new FormatParseError(
      `import: ${file} looks like binary data (control character U+${code.toString(16).toUpperCase().padStart(4, '0')} at line ${line}); import Markdown, HTML or plain text`,
      { file, line },
      { reason: 'format.control-char', params: { file, char: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`, line } },
    );
  }
  const normalized = normalizeText(text);
  if (normalized.trim() === '') {
    throw new FormatParseError(
      `import: ${file} is empty; there is nothing to import`,
      { file },
      { reason: 'format.empty', params: { file } },
    );
  }
  return normalized;
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min, cp] = [1, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [need, min, cp] = [2, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [need, min, cp] = [3, 0x10000, b & 0x07];
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return i;
}
