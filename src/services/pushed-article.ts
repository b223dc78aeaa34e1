import { ValidationError } from '../core/errors.ts';
import { splitFrontMatterBlock } from '../core/front-matter-syntax.ts';
import { normalizeText, stripBom } from '../core/text.ts';
import type { ImportInput } from './import-article.ts';

/** The formats an outside system may push an article in (a CMS's webhook, a feed item). */
export const PUSH_FORMATS = ['markdown', 'html', 'text'] as const;
export type PushFormat = (typeof PUSH_FORMATS)[number];

const EXTENSIONS = { markdown: 'md', html: 'html', text: 'txt' } as const satisfies Record<PushFormat, string>;

/** An article as a CMS or a feed hands it over: text, its format, and optionally its slug and title. */
export interface PushedArticle {
  readonly format: PushFormat;
  /** The document (Markdown with or without front matter, an HTML page or fragment, plain text). */
  readonly content: string;
  /** Wins over a front matter `slug`; required unless Markdown front matter has one. */
  readonly slug?: string;
  /**
   * Used only where the content has none: Markdown without front matter, HTML without `<h1>` (a WordPress post body),
   * text (its first line is the title otherwise).
   */
  readonly title?: string;
}

/**
 * Whether Markdown names its slug in its front matter (YAML `slug:`, TOML `slug =`, JSON `"slug":`). Reads only the
 * block at the start, once: the text can be as long as an import may be.
 */
export function hasSlugInFrontMatter(content: string): boolean {
  const block = splitFrontMatterBlock(normalizeText(content));
  return block.present && /^[ \t]*"?slug"?[ \t]*[:=]/m.test(block.text);
}

/**
 * The import input for a pushed article, imported by `by` (`cms`, `feed`), for the import service (ArticleService.import,
 * which checks every limit and rule). Throws ValidationError `import.no-push-slug` when nothing names the slug.
 */
export function pushedImportInput(pushed: PushedArticle, by: string): ImportInput {
  const content = withTitle(pushed.format, stripBom(pushed.content), pushed.title?.trim() ?? '');
  if (!pushed.slug && !(pushed.format === 'markdown' && hasSlugInFrontMatter(content))) {
    throw new ValidationError(
      `import: the pushed ${pushed.format} article has no slug; send "slug" (or set "slug:" in the front matter)`,
      [],
      {
        reason: 'import.no-push-slug',
      },
    );
  }
  return { file: `pushed.${EXTENSIONS[pushed.format]}`, content, by, ...(pushed.slug ? { slug: pushed.slug } : {}) };
}

function withTitle(format: PushFormat, content: string, title: string): string {
  if (title === '') return content;
  switch (format) {
    case 'markdown':
      // A JSON string is a valid YAML double-quoted scalar: no escaping rules of our own.
      return splitFrontMatterBlock(normalizeText(content)).present ? content : `---\ntitle: ${JSON.stringify(title)}\n---\n\n${content}`;
    case 'html':
      // The HTML format takes the title from <h1>, else from <title>: the given one yields to a heading in the body.
      return `<title>${title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</title>\n${content}`;
    case 'text':
      return `${title.replace(/\s+/g, ' ')}\n\n${content}`;
  }
}
