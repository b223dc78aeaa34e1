import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { parseShortcode, shortcodeEnd, shortcodeParam, type Shortcode } from '../core/shortcode.ts';
import { raw, type SafeHtml } from './html.ts';

// Raw HTML in articles is allowed through markdown-it and then cut down to this allowlist, so an article (or a
// translation) can carry a <figure> or a <sup> but never a script, an event handler, a style or an iframe.
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'b',
    'i',
    'u',
    's',
    'del',
    'ins',
    'sub',
    'sup',
    'small',
    'mark',
    'code',
    'pre',
    'kbd',
    'abbr',
    'cite',
    'q',
    'a',
    'img',
    'figure',
    'figcaption',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
    'span',
    'section',
    'dl',
    'dt',
    'dd',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'hreflang', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    abbr: ['title'],
    ol: ['start', 'reversed'],
    th: ['align', 'colspan', 'rowspan', 'scope'],
    td: ['align', 'colspan', 'rowspan'],
    '*': ['lang', 'dir'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Links leave the site without handing over the reader's page or session.
    a: (tagName, attribs) =>
      /^https?:/i.test(attribs.href ?? '')
        ? { tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow' } }
        : { tagName, attribs },
    // Article headings sit under the page's own <h1>.
    h1: 'h2',
  },
  allowedClasses: {},
};

/**
 * Hugo shortcodes are run by Hugo, not by this site, so readers must never see their braces: a `figure` becomes an
 * HTML figure (Hugo's built-in: src, alt, title, caption, link), the comment form is shown as the literal tag it
 * stands for, and any other tag is dropped, leaving the text between an opening and a closing tag as ordinary text.
 */
type Md = InstanceType<typeof MarkdownIt>;

const hugoShortcodes = (md: Md): void => {
  md.inline.ruler.before('emphasis', 'hugo_shortcode', (state, silent) => {
    if (state.src.charCodeAt(state.pos) !== 0x7b) return false;
    const end = shortcodeEnd(state.src, state.pos);
    if (end === -1 || end > state.posMax) return false;
    const shortcode = parseShortcode(state.src.slice(state.pos, end));
    if (!shortcode) return false;
    if (!silent) state.push('hugo_shortcode', '', 0).content = shortcode.raw;
    state.pos = end;
    return true;
  });
  md.renderer.rules.hugo_shortcode = (tokens, idx) => {
    const shortcode = parseShortcode(tokens[idx]?.content ?? '');
    return shortcode ? renderShortcode(md, shortcode) : '';
  };
  // A paragraph holding only shortcodes is a block in Hugo's output: no <p> around a <figure>.
  md.core.ruler.push('hugo_shortcode_blocks', (state) => {
    state.tokens.forEach((token, i) => {
      if (token.type !== 'inline' || !token.children?.some((c) => c.type === 'hugo_shortcode')) return;
      const onlyShortcodes = token.children.every(
        (c) => c.type === 'hugo_shortcode' || c.type === 'softbreak' || (c.type === 'text' && c.content.trim() === ''),
      );
      const open = state.tokens[i - 1];
      const close = state.tokens[i + 1];
      if (onlyShortcodes && open?.type === 'paragraph_open' && close?.type === 'paragraph_close') {
        open.hidden = true;
        close.hidden = true;
      }
    });
  });
};

function renderShortcode(md: Md, shortcode: Shortcode): string {
  const esc = md.utils.escapeHtml;
  if (shortcode.escaped) return esc(`{{${shortcode.delimiter}${shortcode.raw.slice(5, -5)}${shortcode.delimiter === '<' ? '>' : '%'}}}`);
  if (shortcode.name !== 'figure' || shortcode.closing) return '';
  const param = (key: string) => shortcodeParam(shortcode, key);
  const src = param('src');
  if (src === undefined) return '';
  // Without alt the figcaption describes the image; an empty alt keeps screen readers from reading it twice.
  const alt = param('alt') ?? '';
  let img = `<img src="${esc(src)}" alt="${esc(alt)}">`;
  const link = param('link');
  if (link !== undefined) img = `<a href="${esc(link)}">${img}</a>`;
  const title = param('title');
  const caption = param('caption');
  const figcaption =
    title === undefined && caption === undefined
      ? ''
      : `<figcaption>${title === undefined ? '' : `<h4>${esc(title)}</h4>`}${caption === undefined ? '' : `<p>${md.renderInline(caption)}</p>`}</figcaption>`;
  return `<figure>${img}${figcaption}</figure>`;
}

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false }).use(hugoShortcodes);

/** Render article Markdown to sanitized HTML, safe to put in a page as is. */
export function renderMarkdown(source: string): SafeHtml {
  return raw(sanitizeHtml(markdown.render(source), SANITIZE));
}
