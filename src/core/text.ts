import { createHash } from 'node:crypto';

/** NFC, LF line ends, no BOM, no trailing spaces per line: the form every comparison and hash uses. */
export function normalizeText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .normalize('NFC');
}

/** Normalized source for matching: inline tag numbers are dropped (`<g3>` → `<g>`), whitespace collapsed. */
export function normalizeForMatch(source: string): string {
  return normalizeText(source)
    .replace(/<(\/?)g\d+>/g, '<$1g>')
    .replace(/<x\d+\/>/g, '<x/>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Hash of the normalized source; equal hashes mean "same text" for alignment, memory and MT deduplication. */
export function sourceHash(source: string): string {
  return createHash('sha256').update(normalizeForMatch(source)).digest('hex').slice(0, 32);
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
