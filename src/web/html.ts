/**
 * HTML built with a tagged template that escapes every interpolation unless it is already `SafeHtml`.
 * Always quote attribute values (`title="${x}"`): escaping makes quoted attributes safe, unquoted ones never are.
 * URLs from data go through `safeUrl()` so `javascript:` links cannot be smuggled in.
 */
export class SafeHtml {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  toString(): string {
    return this.#value;
  }
}

/** Anything a template accepts: text is escaped, SafeHtml is kept, arrays are joined, null/undefined/false vanish. */
export type HtmlValue = SafeHtml | string | number | bigint | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) {
    // Appended, not joined: join() copies every part into a new flat string at each level of nesting, so a page of
    // nested lists was copied once per level; appending keeps V8's string ropes, flattened once when the page is sent.
    let out = '';
    for (const item of value) out += render(item);
    return out;
  }
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Trust `markup` as HTML. Only for markup built by our own code or sanitized (sanitize-html), never for raw input. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** `url` when it is relative or http(s)/mailto, otherwise `#` (refuses `javascript:`, `data:` and friends). */
export function safeUrl(url: string): string {
  const trimmed = url.trim();
  if (/^(?:\/(?![/\\])|\.{1,2}\/|#|\?)/.test(trimmed)) return trimmed;
  try {
    const { protocol } = new URL(trimmed);
    return ['http:', 'https:', 'mailto:'].includes(protocol) ? trimmed : '#';
  } catch {
    return /^[\w\-.~%]+(?:[/?#]|$)/.test(trimmed) && !trimmed.includes(':') ? trimmed : '#';
  }
}

/** A same-site path to go back to after login or a language switch; anything else becomes `fallback`. */
export function localPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  return /^[\x21-\x7e]*$/.test(value) ? value : fallback;
}
