// Progressive enhancement only: every page works without this file.
(() => {
  'use strict';
  const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

  /** fetch() that carries the page's CSRF token and asks for JSON; the server refuses unsafe requests without it. */
  const tandemFetch = (url, options = {}) => {
    const headers = new Headers(options.headers ?? {});
    headers.set('x-csrf-token', csrfToken());
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    return fetch(url, { credentials: 'same-origin', ...options, headers });
  };

  window.tandem = Object.freeze({ fetch: tandemFetch, csrfToken });

  /**
   * <input type="file" data-max-bytes data-too-large="sentence">: a file over the form's limit is refused here, beside
   * the input, before anything is sent, so what was typed in the form stays (the server refuses it unread too).
   */
  const refuseLargeFile = (form) => {
    for (const input of form.querySelectorAll('input[type="file"][data-max-bytes]')) {
      const id = `${input.id || input.name}-too-large`;
      document.getElementById(id)?.remove();
      input.removeAttribute('aria-invalid');
      const file = input.files?.[0];
      if (!file || file.size <= Number(input.dataset.maxBytes)) continue;
      const note = document.createElement('p');
      note.id = id;
      note.className = 'field-error';
      note.setAttribute('role', 'alert');
      note.textContent = input.dataset.tooLarge ?? '';
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', id);
      input.insertAdjacentElement('afterend', note);
      input.focus();
      return true;
    }
    return false;
  };

  // <form data-confirm="Are you sure?">: ask before submitting (no inline handlers; the CSP forbids them).
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (refuseLargeFile(form)) return event.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
})();
