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

  // <form data-confirm="Are you sure?">: ask before submitting (no inline handlers; the CSP forbids them).
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
})();
