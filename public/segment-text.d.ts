// Types of public/segment-text.js for the tests that import it.
export type BrowserToken =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'open' | 'close' | 'standalone'; readonly id: string };
export function tokenize(text: string): BrowserToken[];
export function tagString(token: Exclude<BrowserToken, { type: 'text' }>): string;
export function missingTags(source: string, target: string): string[];
export function unescapeText(text: string): string;
export function renderPreview(
  container: Element,
  text: string,
  tags: Readonly<Record<string, { type: string; node: string; url?: string; value?: string }>>,
): void;
