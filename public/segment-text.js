// Segment text in the browser: the review page's tag insertion and its live preview. The tokenizer mirrors
// src/core/segment-text.ts `tokenize` (tests/web/segment-text-js.test.ts holds them equal on generated strings); tags
// read as typed, `<g1>`, `</g1>`, `<x2/>`, as src/web/views/segment-text.ts shows them. Nothing here parses HTML: the
// preview is built from DOM nodes, and text only ever becomes text nodes.

/** Split segment text into `{type:'text', text}` runs (still escaped) and `{type:'open'|'close'|'standalone', id}` tags. */
export function tokenize(text) {
  const tokens = [];
  let from = 0;
  for (let i = text.indexOf('<'); i !== -1; ) {
    const length = tagLength(text, i);
    if (length === 0) {
      i = text.indexOf('<', i + 1);
      continue;
    }
    if (i > from) tokens.push({ type: 'text', text: text.slice(from, i) });
    tokens.push(tagToken(text, i, i + length));
    from = i + length;
    i = text.indexOf('<', from);
  }
  if (from < text.length) tokens.push({ type: 'text', text: text.slice(from) });
  return tokens;
}

const isDigit = (c) => c >= 0x30 && c <= 0x39;

function tagLength(text, at) {
  let i = at + 1;
  const closing = text.charCodeAt(i) === 0x2f;
  if (closing) i += 1;
  const kind = text.charCodeAt(i);
  if (kind !== 0x67 && !(kind === 0x78 && !closing)) return 0;
  const digits = ++i;
  while (isDigit(text.charCodeAt(i))) i += 1;
  if (i === digits) return 0;
  if (kind === 0x67) return text.charCodeAt(i) === 0x3e ? i + 1 - at : 0;
  return text.charCodeAt(i) === 0x2f && text.charCodeAt(i + 1) === 0x3e ? i + 2 - at : 0;
}

function tagToken(text, at, end) {
  if (text.charCodeAt(at + 1) === 0x78) return { type: 'standalone', id: text.slice(at + 2, end - 2) };
  const closing = text.charCodeAt(at + 1) === 0x2f;
  return { type: closing ? 'close' : 'open', id: text.slice(at + (closing ? 3 : 2), end - 1) };
}

/** A tag token as typed: `<g1>`, `</g1>` or `<x2/>`. */
export function tagString(token) {
  return token.type === 'open' ? `<g${token.id}>` : token.type === 'close' ? `</g${token.id}>` : `<x${token.id}/>`;
}

/** The tags of `source` that `target` still lacks, in source order (each occurrence counted once). */
export function missingTags(source, target) {
  const have = new Map();
  for (const token of tokenize(target)) {
    if (token.type === 'text') continue;
    const tag = tagString(token);
    have.set(tag, (have.get(tag) ?? 0) + 1);
  }
  const missing = [];
  for (const token of tokenize(source)) {
    if (token.type === 'text') continue;
    const tag = tagString(token);
    const n = have.get(tag) ?? 0;
    if (n > 0) have.set(tag, n - 1);
    else missing.push(tag);
  }
  return missing;
}

const NAMED = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/g;

/** Decode the escapes of a text run (as core `unescapeText`). */
export function unescapeText(text) {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_m, name, dec, hex) => {
    if (name !== undefined) return NAMED[name];
    const code = hex !== undefined ? Number.parseInt(hex, 16) : Number.parseInt(dec, 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
  });
}

const ELEMENTS = { strong: 'strong', emphasis: 'em', delete: 'del', link: 'a' };

/** Only links a reader could follow safely are links in the preview. */
function safeHref(url) {
  return typeof url === 'string' && /^(?:https?:|mailto:|\/|#)/i.test(url) ? url : null;
}

/**
 * Segment text `text` rendered as a reader sees it, into `container` (emptied first), with `tags` the segment's tag
 * table (`data-tags`: id → { type, node, url?, value? }). Paired tags become strong/em/del/a (other kinds a span);
 * standalone ones a line break, code, an image's alt text in brackets or their value as text.
 */
export function renderPreview(container, text, tags) {
  const doc = container.ownerDocument;
  container.replaceChildren();
  const stack = [{ id: null, el: container }];
  const top = () => stack[stack.length - 1].el;
  for (const token of tokenize(text)) {
    if (token.type === 'text') {
      top().append(doc.createTextNode(unescapeText(token.text)));
    } else if (token.type === 'open') {
      const tag = tags[token.id] ?? { node: '' };
      const el = doc.createElement(ELEMENTS[tag.node] ?? 'span');
      if (tag.node === 'link') {
        const href = safeHref(tag.url);
        if (href) el.setAttribute('href', href);
        el.setAttribute('rel', 'noopener noreferrer');
      }
      top().append(el);
      stack.push({ id: token.id, el });
    } else if (token.type === 'close') {
      const at = stack.findLastIndex((entry) => entry.id === token.id);
      if (at > 0) stack.length = at;
    } else {
      const tag = tags[token.id] ?? { node: '' };
      if (tag.node === 'break') top().append(doc.createElement('br'));
      else if (tag.node === 'inlineCode') {
        const code = doc.createElement('code');
        code.textContent = tag.value ?? '';
        top().append(code);
      } else if (tag.node === 'image') top().append(doc.createTextNode(`[${tag.value ?? ''}]`));
      else top().append(doc.createTextNode(tag.value ?? ''));
    }
  }
}
