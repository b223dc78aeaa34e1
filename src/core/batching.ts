// Request limits are the provider's to declare (`MtCapabilities.batch` in core/ports/mt-provider.ts).

/**
 * Bytes a value takes in an `application/x-www-form-urlencoded` body: Korean takes 9 bytes a character
 * (3 UTF-8 bytes, each as `%XX`), a space 1 (`+`).
 */
export function formEncodedLength(value: string): number {
  let bytes = 0;
  for (const ch of value) {
    const cp = ch.codePointAt(0) ?? 0;
    if (/[A-Za-z0-9*\-._ ]/.test(ch)) bytes += 1;
    else if (cp < 0x80) bytes += 3;
    else if (cp < 0x800) bytes += 6;
    else if (cp < 0x10000) bytes += 9;
    else bytes += 12;
  }
  return bytes;
}

/** Limits of one batch. */
export interface BatchLimits {
  /** Texts per batch at most. */
  readonly maxTexts: number;
  /** Budget for the texts alone; the caller keeps room for the other parameters and the context. */
  readonly maxTextBytes: number;
}

/**
 * Split texts, in order, into batches within the limits. Each text costs its encoded length plus `&text=`.
 * A single text over the budget gets a batch of its own (the provider reports it; nothing is dropped silently).
 */
export function planBatches<T>(items: readonly T[], textOf: (item: T) => string, limits: BatchLimits): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const cost = formEncodedLength(textOf(item)) + 6;
    if (current.length > 0 && (current.length >= limits.maxTexts || bytes + cost > limits.maxTextBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += cost;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Cut text to at most `maxBytes` form-encoded bytes, at a character boundary. */
export function truncateEncoded(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  if (formEncodedLength(text) <= maxBytes) return text;
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const cost = formEncodedLength(ch);
    if (bytes + cost > maxBytes) break;
    bytes += cost;
    out += ch;
  }
  return out;
}
