// Review page enhancements: keyboard flow, unsaved text kept in localStorage, help overlay (live updates: live.js).
// Every action is a plain form post without this file; this only adds speed and safety nets.
(() => {
  'use strict';
  document.documentElement.classList.add('js');
  const root = document.getElementById('review');
  const conflict = document.getElementById('conflict');
  const draftKey = (slug, locale, segment) => `tandem-draft:${slug}:${locale}:${segment}`;
  const storage = (() => {
    try {
      const probe = '__tandem';
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch {
      return null; // private mode or storage disabled: nothing is kept, everything else works
    }
  })();

  if (conflict) {
    // "Keep the current text" drops the copy this browser kept of the refused text.
    conflict.querySelector('[data-keep-theirs]')?.addEventListener('click', () => {
      storage?.removeItem(draftKey(conflict.dataset.slug, conflict.dataset.locale, conflict.dataset.segment));
    });
  }
  if (!root) return;

  const { slug, locale, user } = root.dataset;
  const params = new URLSearchParams(window.location.search);
  const segments = () => Array.from(root.querySelectorAll('li.segment'));
  const editorOf = (li) => li?.querySelector('textarea[name="text"]') ?? null;
  const segmentOf = (el) => el?.closest?.('li.segment') ?? null;

  // ---- Unsaved text survives a reload -------------------------------------------------------------------------
  const discard = params.get('discard');
  if (discard && storage) storage.removeItem(draftKey(slug, locale, discard));

  for (const textarea of root.querySelectorAll('textarea[name="text"][data-segment]')) {
    const form = textarea.form;
    const base = form.elements.namedItem('baseRevision');
    const key = draftKey(slug, locale, textarea.dataset.segment);
    // One copy of the note in the page (<template id="local-draft-note">), placed under an editor whose text it restored.
    const showNote = () => {
      const note = document.getElementById('local-draft-note')?.content.firstElementChild?.cloneNode(true);
      if (!note) return;
      note.querySelector('[data-discard-local]')?.addEventListener('click', () => {
        storage?.removeItem(key);
        window.location.reload();
      });
      textarea.after(note);
    };
    const raw = storage?.getItem(key);
    if (raw) {
      let stored = null;
      try {
        stored = JSON.parse(raw);
      } catch {
        storage.removeItem(key);
      }
      const revision = Number(textarea.dataset.revision);
      if (stored && typeof stored.text === 'string') {
        if (stored.text === textarea.value) {
          storage.removeItem(key);
        } else if (stored.base === revision) {
          textarea.value = stored.text;
          showNote();
        } else if (textarea.dataset.updatedBy === user) {
          storage.removeItem(key); // our own save went through since
        } else {
          // Someone else saved meanwhile: keep our text on the old revision, so saving it shows the conflict view.
          textarea.value = stored.text;
          base.value = String(stored.base);
          showNote();
        }
      }
    }
    textarea.addEventListener('input', () => {
      storage?.setItem(key, JSON.stringify({ text: textarea.value, base: Number(base.value), at: Date.now() }));
    });
  }

  // "Being edited by X" is live.js's: marked while typing, shown as it changes.

  // ---- Moving around ------------------------------------------------------------------------------------------
  const focusSegment = (li) => {
    if (!li) return;
    const target = editorOf(li);
    if (target) {
      target.focus();
    } else {
      li.tabIndex = -1;
      li.focus();
    }
    li.scrollIntoView({ block: 'center' });
  };
  const current = () => segmentOf(document.activeElement) ?? segments().find((li) => li.dataset.needsWork === 'true') ?? segments()[0];
  const step = (delta) => {
    const list = segments();
    const here = list.indexOf(segmentOf(document.activeElement));
    const next = here === -1 ? (delta > 0 ? list[0] : list[list.length - 1]) : list[Math.min(list.length - 1, Math.max(0, here + delta))];
    focusSegment(next);
  };

  const focusId = params.get('focus');
  if (focusId) {
    const li = document.getElementById(`seg-${focusId}`);
    focusSegment(li);
    // Scrolling to the #seg- fragment after load can take focus back to the document in Chromium: focus again then.
    window.addEventListener('load', () => {
      if (document.activeElement === document.body || document.activeElement === null) focusSegment(li);
    }, { once: true });
  }

  // ---- Help overlay -------------------------------------------------------------------------------------------
  const help = document.getElementById('shortcuts');
  const helpButton = root.querySelector('[data-open-help]');
  if (helpButton && help && typeof help.showModal === 'function') {
    helpButton.hidden = false;
    helpButton.addEventListener('click', () => help.showModal());
  }
  const isTyping = (el) => el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && !['checkbox', 'radio', 'submit', 'button'].includes(el.type)) || el?.isContentEditable;

  const click = (li, selector) => {
    // A disabled action (four-eyes) says why in review-edit.js instead of submitting.
    const button = li?.querySelector(`${selector}:not([disabled])`);
    if (!button) return false;
    if (button.form && typeof button.form.requestSubmit === 'function') button.form.requestSubmit(button);
    else button.click();
    return true;
  };

  document.addEventListener('keydown', (event) => {
    // Korean input: keys pressed while the IME composes a syllable belong to the IME.
    if (event.isComposing || event.keyCode === 229) return;
    const active = document.activeElement;
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      if (active?.matches?.('[data-reject-comment]')) {
        event.preventDefault();
        active.form.requestSubmit(active.form.querySelector('[data-action="reject"]'));
        return;
      }
      // In a comment box Ctrl+Enter posts the comment, never the translation beside it.
      if (active?.matches?.('[data-comment]')) {
        event.preventDefault();
        active.form.requestSubmit(active.form.querySelector('[data-action="comment"]'));
        return;
      }
      // In the translation editor Ctrl+Enter is the segment's primary action, in place (review-edit.js).
      return;
    }
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      const li = current();
      switch (event.code) {
        case 'ArrowDown':
          event.preventDefault();
          step(1);
          return;
        case 'ArrowUp':
          event.preventDefault();
          step(-1);
          return;
        case 'KeyS': {
          const editor = editorOf(li);
          if (!editor) return;
          event.preventDefault();
          editor.value = editor.dataset.source ?? '';
          editor.dispatchEvent(new Event('input', { bubbles: true }));
          editor.focus();
          return;
        }
        case 'KeyM':
          if (click(li, '[data-action="memory"]')) event.preventDefault();
          return;
        case 'KeyA':
          if (click(li, '[data-action="approve"]')) event.preventDefault();
          return;
        case 'KeyR': {
          const details = li?.querySelector('details.reject');
          if (!details) return;
          event.preventDefault();
          details.open = true;
          details.querySelector('[data-reject-comment]')?.focus();
          return;
        }
        default:
          return;
      }
    }
    if (event.key === '?' && !isTyping(active) && help && typeof help.showModal === 'function' && !help.open) {
      event.preventDefault();
      help.showModal();
    }
  });
})();
