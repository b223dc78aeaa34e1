import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { raw, type SafeHtml } from './html.ts';

// Raw HTML in articles is allowed through markdown-it and then cut down to this allowlist, so an article (or a
// translation) can carry a <figure> or a <sup> but never a script, an event handler, a style or an iframe.
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'strong', 'em', 'b', 'i', 'u',
    's', 'del', 'ins', 'sub', 'sup', 'small', 'mark', 'code', 'pre', 'kbd', 'abbr', 'cite', 'q', 'a', 'img', 'figure',
    'figcaption', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'span', 'section', 'dl', 'dt', 'dd',
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
    a: (tagName, attribs) => (/^https?:/i.test(attribs.href ?? '') ? { tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow' } } : { tagName, attribs }),
    // Article headings sit under the page's own <h1>.
    h1: 'h2',
  },
  allowedClasses: {},
};

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });

/** Render article Markdown to sanitized HTML, safe to put in a page as is. */
export function renderMarkdown(source: string): SafeHtml {
  return raw(sanitizeHtml(markdown.render(source), SANITIZE));
}
