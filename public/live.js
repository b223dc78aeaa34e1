// Live updates through Server-Sent Events (src/web/routes/live.ts): state badges and texts of segments others change,
// machine drafts as they arrive, MT progress rows, and "being edited by" while someone types. No polling; without this
// file (or without EventSource) the pages are as they were drawn, and a reload shows what changed.
(() => {
  'use strict';
  const host = document.querySelector('[data-events]');
  if (!host || !('EventSource' in window)) return;
  const root = document.getElementById('review');
  const me = root?.dataset.user ?? '';
  const source = new EventSource(host.dataset.events);
  // `data-live="open"` while updates arrive (styles and tests can tell); EventSource reconnects by itself.
  source.addEventListener('open', () => {
    host.dataset.live = 'open';
  });
  source.addEventListener('error', () => {
    host.dataset.live = 'closed';
  });
  const data = (event) => {
    try {
      return JSON.parse(event.data);
    } catch {
      return null;
    }
  };

  // ---- Segments ------------------------------------------------------------------------------------------------
  const notice = (li, text) => {
    let p = li.querySelector('[data-live-notice]');
    if (!p) {
      p = document.createElement('p');
      p.className = 'notice live-notice';
      p.setAttribute('role', 'status');
      p.dataset.liveNotice = '';
      li.querySelector('.seg-target')?.prepend(p);
    }
    p.textContent = text;
  };
  /**
   * The buttons this user is offered follow a state someone else set: the row is asked for again, drawn by the server
   * for this user (GET …/row, the page's own renderer and `segmentOffers`). A row being typed in keeps its editor and
   * text; only its actions are swapped.
   */
  const asked = new Map();
  const redraw = async (segmentId, revision) => {
    if (!root) return;
    const ticket = (asked.get(segmentId) ?? 0) + 1;
    asked.set(segmentId, ticket);
    const url = `/review/${encodeURIComponent(root.dataset.slug)}/${encodeURIComponent(root.dataset.locale)}/row?segment=${encodeURIComponent(segmentId)}`;
    let answer = null;
    try {
      const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      answer = res.ok ? await res.json() : null;
    } catch {
      answer = null;
    }
    const li = document.getElementById(`seg-${segmentId}`);
    if (!answer?.row || !li || asked.get(segmentId) !== ticket || answer.revision < revision) return;
    const template = document.createElement('template');
    // Markup the server drew with its escaping templates.
    template.innerHTML = answer.row;
    const fresh = template.content.firstElementChild;
    if (!fresh) return;
    const editor = li.querySelector('textarea[name="text"]');
    const typing = editor && (li.contains(document.activeElement) || editor.value !== editor.defaultValue);
    if (typing) {
      const actions = li.querySelector('.seg-actions');
      const next = fresh.querySelector('.seg-actions');
      if (actions && next) actions.replaceWith(next);
      else if (actions) for (const b of actions.querySelectorAll('[data-action="submit"], [data-action="approve"]')) b.remove();
      const reject = li.querySelector('details.reject');
      const nextReject = fresh.querySelector('details.reject');
      if (reject && !reject.open) {
        if (nextReject) reject.replaceWith(nextReject);
        else reject.remove();
      } else if (!reject && nextReject) li.querySelector('.seg-target')?.append(nextReject);
      li.dataset.redrawn = 'live';
      return;
    }
    const said = li.querySelector('[data-live-notice]');
    if (said) fresh.querySelector('.seg-target')?.prepend(said);
    fresh.dataset.redrawn = 'live';
    li.replaceWith(fresh);
  };

  source.addEventListener('segment-changed', (event) => {
    const ev = data(event);
    const li = ev && document.getElementById(`seg-${ev.segmentId}`);
    if (!li) return;
    const editor = li.querySelector('textarea[name="text"]');
    const shown = Number(editor?.dataset.revision ?? li.dataset.revision ?? -1);
    if (ev.revision < shown) return;
    // Another person's change can change what this user may do with the segment (review-edit.js redraws one's own).
    const state = li.dataset.state ?? /\bseg-state-(\S+)/.exec(li.className)?.[1];
    if (ev.by !== me && (ev.state !== state || ev.revision > shown)) {
      redraw(ev.segmentId, ev.revision).catch(() => undefined);
    }
    const badge = li.querySelector('.seg-meta .state');
    if (badge) {
      badge.className = `state state-${ev.state}`;
      badge.textContent = ev.label;
    }
    li.className = li.className.replace(/\bseg-state-\S+/, `seg-state-${ev.state}`);
    li.dataset.state = ev.state;
    if (ev.revision === shown) return;
    li.dataset.revision = String(ev.revision);
    if (!editor) {
      if (ev.by !== me) notice(li, ev.notice);
      return;
    }
    // Someone typing here keeps their text (and its old revision, so saving it shows the conflict view).
    const typing = document.activeElement === editor || editor.value !== editor.defaultValue;
    if (typing) {
      if (ev.by !== me) notice(li, ev.notice);
      return;
    }
    editor.value = ev.text;
    editor.defaultValue = ev.text;
    editor.dataset.revision = String(ev.revision);
    editor.dataset.updatedBy = ev.by;
    const base = editor.form?.elements.namedItem('baseRevision');
    if (base) base.value = String(ev.revision);
  });

  // ---- Machine translation progress ------------------------------------------------------------------------------
  source.addEventListener('mt-progress', (event) => {
    const ev = data(event);
    const section = document.querySelector('[data-live-mt]');
    const tbody = section?.querySelector('tbody');
    if (!ev || !tbody) return;
    const old = Array.from(tbody.rows).find((row) => row.dataset.mtRow === ev.key);
    if (ev.html === null) {
      old?.remove();
    } else {
      const template = document.createElement('template');
      template.innerHTML = ev.html.trim();
      const row = template.content.querySelector('tr');
      if (!row) return;
      if (old) old.replaceWith(row);
      else tbody.insertBefore(row, Array.from(tbody.rows).find((r) => r.dataset.mtRow > ev.key) ?? null);
    }
    const any = tbody.rows.length > 0;
    section.querySelector('table').hidden = !any;
    const empty = section.querySelector('[data-mt-empty]');
    if (empty) empty.hidden = any;
    section.hidden = !any && !section.querySelector('.mt-budget');
  });

  // ---- Who is typing where ---------------------------------------------------------------------------------------
  if (!root) return;
  source.addEventListener('presence', (event) => {
    const ev = data(event);
    const badge = ev && document.getElementById(`seg-${ev.segmentId}`)?.querySelector('[data-soft-lock]');
    if (!badge) return;
    const names = ev.names.filter((name) => name !== me);
    badge.hidden = names.length === 0;
    badge.textContent = names.length === 0 ? '' : (root.dataset.lockTemplate || '{{names}}').replace('{{names}}', names.join(', '));
  });

  // A mark lasts a few seconds on the server (soft-lock.ts); typing renews it, leaving the field or the page ends it.
  const RENEW_MS = 4_000;
  const typedAt = new Map();
  const lockUrl = (segment) =>
    `/review/${encodeURIComponent(root.dataset.slug)}/${encodeURIComponent(root.dataset.locale)}/${encodeURIComponent(segment)}/lock`;
  const editorIn = (target) => (target instanceof HTMLTextAreaElement && target.name === 'text' && target.dataset.segment ? target : null);
  root.addEventListener('input', (event) => {
    const editor = editorIn(event.target);
    if (!editor) return;
    const now = Date.now();
    if (now - (typedAt.get(editor.dataset.segment) ?? 0) < RENEW_MS) return;
    typedAt.set(editor.dataset.segment, now);
    window.tandem?.fetch(lockUrl(editor.dataset.segment), { method: 'POST' }).catch(() => undefined);
  });
  // sendBeacon survives the page going away; it cannot set headers, so the token travels in the form body.
  const release = (segment) => {
    typedAt.delete(segment);
    const body = new URLSearchParams({ _csrf: window.tandem?.csrfToken() ?? '', release: '1' });
    if (!navigator.sendBeacon?.(lockUrl(segment), body)) {
      fetch(lockUrl(segment), { method: 'POST', body, credentials: 'same-origin', keepalive: true }).catch(() => undefined);
    }
  };
  root.addEventListener('focusout', (event) => {
    const editor = editorIn(event.target);
    if (editor && typedAt.has(editor.dataset.segment)) release(editor.dataset.segment);
  });
  window.addEventListener('pagehide', () => {
    for (const segment of [...typedAt.keys()]) release(segment);
    source.close();
  });
})();
