// Review page editing, in place: save, submit and approve without reloading the page (the server redraws the row and
// names the next segment that needs this user), refusals beside the editor with the typed text kept, Ctrl+Enter for
// the segment's primary action and Ctrl+S for a draft, tag insertion (click a tag in the source, Alt+T for the next
// missing one) and a preview of the translation as readers will see it. Without this file every action is a form post.
import { missingTags, renderPreview } from './segment-text.js';

const root = document.getElementById('review');
if (root) enhance(root);

function enhance(root) {
  const { slug, locale } = root.dataset;
  const draftKey = (segment) => `tandem-draft:${slug}:${locale}:${segment}`;
  const segmentOf = (el) => el?.closest?.('li.segment') ?? null;
  const editorOf = (li) => li?.querySelector('textarea[name="text"]') ?? null;
  const tagTables = new WeakMap();
  const tagsOf = (editor) => {
    let tags = tagTables.get(editor);
    if (!tags) {
      try {
        tags = JSON.parse(editor.dataset.tags || '{}');
      } catch {
        tags = {};
      }
      tagTables.set(editor, tags);
    }
    return tags;
  };
  const storage = (() => {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  })();

  // ---- Preview ------------------------------------------------------------------------------------------------
  const preview = (li) => {
    const editor = editorOf(li);
    const box = li?.querySelector('[data-preview]');
    if (!editor || !box) return;
    renderPreview(box, editor.value, tagsOf(editor));
    box.closest('.seg-preview')?.removeAttribute('hidden');
  };
  for (const li of root.querySelectorAll('li.segment')) preview(li);

  root.addEventListener('input', (event) => {
    const editor = event.target;
    if (!(editor instanceof HTMLTextAreaElement) || editor.name !== 'text') return;
    const li = segmentOf(editor);
    preview(li);
    // Rows redrawn in place lost review.js's own listener: keep their unsaved text too.
    if (li?.dataset.redrawn && storage) {
      const base = editor.form?.elements.namedItem('baseRevision');
      storage.setItem(draftKey(li.dataset.segment), JSON.stringify({ text: editor.value, base: Number(base?.value), at: Date.now() }));
    }
  });

  // ---- Tags -----------------------------------------------------------------------------------------------------
  /** Put `tag` at the cursor; an opening tag with text selected wraps it in the pair. */
  const insertTag = (editor, tag) => {
    const { selectionStart: from, selectionEnd: to } = editor;
    const open = /^<g(\d+)>$/.exec(tag);
    const text = open && to > from ? `${tag}${editor.value.slice(from, to)}</g${open[1]}>` : tag;
    editor.focus();
    editor.setRangeText(text, from, to, 'end');
    editor.dispatchEvent(new Event('input', { bubbles: true }));
  };
  root.addEventListener('click', (event) => {
    const chip = event.target.closest?.('.seg-source .inline-tag[data-tag]');
    const editor = chip && editorOf(segmentOf(chip));
    if (!editor || editor.readOnly) return;
    event.preventDefault();
    insertTag(editor, chip.dataset.tag);
  });
  const insertMissingTag = (editor) => {
    const [next] = missingTags(editor.dataset.source ?? '', editor.value);
    if (next) insertTag(editor, next);
    else say(segmentOf(editor), root.dataset.tagsComplete ?? '', 'notice');
  };

  // ---- Messages beside the editor -----------------------------------------------------------------------------
  const live = document.createElement('p');
  live.className = 'visually-hidden';
  live.setAttribute('role', 'status');
  root.append(live);

  /** A message beside the segment's editor (the text in it stays as typed); `extra` nodes follow the sentence. */
  function say(li, message, kind = 'error', extra = []) {
    const editor = editorOf(li);
    const anchor = editor ?? li?.querySelector('.seg-target');
    if (!li || !anchor) return;
    const id = `err-${li.dataset.segment}`;
    let box = li.querySelector('.seg-error');
    if (box?.tagName === 'P') {
      box.remove(); // the page's own refusal line; a message with parts needs a block
      box = null;
    }
    if (!box) {
      box = document.createElement('div');
      box.className = 'message seg-error';
      box.id = id;
      anchor.insertAdjacentElement('afterend', box);
    }
    box.classList.toggle('error', kind === 'error');
    box.classList.toggle('notice', kind !== 'error');
    box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    const sentence = document.createElement('p');
    sentence.textContent = message;
    box.replaceChildren(sentence, ...extra);
    if (editor && kind === 'error') {
      editor.setAttribute('aria-invalid', 'true');
      editor.setAttribute('aria-describedby', id);
    }
  }

  function refuse(li, form, button, body, advance) {
    const error = body?.error ?? { message: root.dataset.networkError ?? '' };
    const extra = [];
    if (error.detail && error.detail !== error.message) {
      const detail = document.createElement('p');
      detail.className = 'hint';
      detail.textContent = error.detail;
      extra.push(detail);
    }
    if (error.current) {
      // A conflict: show the text now stored; "keep mine" sends the typed text again over that revision.
      const theirs = document.createElement('p');
      theirs.className = 'conflict-text';
      theirs.lang = locale;
      theirs.textContent = error.current.text;
      const keep = document.createElement('button');
      keep.type = 'button';
      keep.textContent = root.dataset.keepMine ?? '';
      keep.addEventListener('click', () => {
        form.elements.namedItem('baseRevision').value = String(error.current.revision);
        send(form, button, advance);
      });
      extra.push(theirs, keep);
    }
    say(li, error.message, 'error', extra);
    document.dispatchEvent(new CustomEvent('tandem:segment-refused', { detail: { segment: li.dataset.segment, code: error.code ?? null } }));
  }

  // ---- Actions in place -----------------------------------------------------------------------------------------
  const pending = new WeakSet();

  async function send(form, button, advance) {
    const li = segmentOf(form);
    if (!li || pending.has(form)) return;
    pending.add(form);
    li.setAttribute('aria-busy', 'true');
    const body = new URLSearchParams(new FormData(form));
    body.set('advance', advance ? '1' : '');
    let res = null;
    let answer = null;
    try {
      res = await window.tandem.fetch(button?.getAttribute('formaction') || form.action, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      answer = await res.json().catch(() => null);
    } catch {
      res = null;
    } finally {
      pending.delete(form);
      li.removeAttribute('aria-busy');
    }
    if (!res?.ok || !answer?.row) {
      refuse(li, form, button, answer, advance);
      return;
    }
    performance.mark('tandem:answer'); // bench/ctrl-enter.ts splits its figure here
    storage?.removeItem(draftKey(li.dataset.segment));
    const template = document.createElement('template');
    // Markup the server drew with its escaping templates; no text typed here is parsed as HTML.
    template.innerHTML = answer.row;
    const fresh = template.content.firstElementChild;
    fresh.dataset.redrawn = 'true';
    li.replaceWith(fresh);
    preview(fresh);
    live.textContent = answer.notice ?? '';
    const next = advance && answer.next ? document.getElementById(`seg-${answer.next}`) : null;
    if (advance && answer.next && !next) {
      window.location.assign(`/review/${encodeURIComponent(slug)}/${encodeURIComponent(locale)}?focus=${encodeURIComponent(answer.next)}#seg-${encodeURIComponent(answer.next)}`);
      return;
    }
    focusRow(next ?? fresh);
    document.dispatchEvent(new CustomEvent('tandem:segment-ready', { detail: { done: answer.done, segment: answer.segmentId, focus: (next ?? fresh).dataset.segment } }));
  }

  const focusRow = (li) => {
    const editor = editorOf(li);
    if (editor) editor.focus({ preventScroll: true });
    else {
      li.tabIndex = -1;
      li.focus({ preventScroll: true });
    }
    li.scrollIntoView({ block: 'center' });
  };

  root.addEventListener('submit', (event) => {
    const form = event.target;
    const button = event.submitter;
    // Other buttons may submit this form too (memory matches, re-runs): those stay plain form posts.
    if (!(form instanceof HTMLFormElement) || !form.matches('form.seg-form') || !window.tandem) return;
    if (!['save', 'submit', 'approve'].includes(button?.dataset.action)) return;
    event.preventDefault();
    send(form, button, button?.dataset.action !== 'save' || form.elements.namedItem('advance')?.value === '1');
  });

  /** An action offered disabled (four-eyes) was asked for by its shortcut: say why beside the editor. */
  const sayDisabled = (li, button) => {
    say(li, button.dataset.reason ?? '', 'error');
    document.dispatchEvent(new CustomEvent('tandem:segment-refused', { detail: { segment: li.dataset.segment, code: 'disabled' } }));
  };

  /** The segment's primary action (data-primary: approve, submit or save); a disabled one says why instead. */
  const primary = (li) => {
    const form = li?.querySelector('form.seg-form');
    const button = form?.querySelector(`[data-action="${form.dataset.primary}"]`);
    if (!button) return false;
    if (button.disabled) sayDisabled(li, button);
    else send(form, button, button.dataset.action !== 'save');
    return true;
  };

  document.addEventListener('keydown', (event) => {
    if (event.isComposing || event.keyCode === 229 || !window.tandem) return;
    const active = document.activeElement;
    const li = segmentOf(active);
    const inEditor = active instanceof HTMLTextAreaElement && active.name === 'text';
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter' && inEditor) {
      if (primary(li)) event.preventDefault();
    } else if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's' && inEditor) {
      const form = li.querySelector('form.seg-form');
      const save = form?.querySelector('[data-action="save"]');
      if (!save) return;
      event.preventDefault();
      send(form, save, false);
    } else if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyT') {
      const editor = inEditor ? active : editorOf(li);
      if (!editor || editor.readOnly) return;
      event.preventDefault();
      insertMissingTag(editor);
    } else if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyA') {
      const approve = li?.querySelector('[data-action="approve"][disabled]');
      if (approve) sayDisabled(li, approve);
    }
  });
}
