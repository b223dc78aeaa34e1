import { describe, expect, it } from 'vitest';
import { escapeHtml, html, localPath, raw, safeUrl } from '../../src/web/html.ts';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal written as text is the hostile input under test
  '`${alert(1)}`',
  '</textarea><script>alert(1)</script>',
  '&lt;already escaped&gt;',
];

describe('html template', () => {
  it.each(HOSTILE)('when text %j is interpolated in content and attributes, then no markup survives', (input) => {
    const out = html`<p title="${input}" data-x='${input}'>${input}</p>`.toString();
    const escaped = escapeHtml(input);
    expect(escaped).not.toMatch(/[<>"'`]/);
    expect(out).toBe(`<p title="${escaped}" data-x='${escaped}'>${escaped}</p>`);
  });

  it('when values are arrays, null, undefined or false, then arrays join and the rest vanish', () => {
    const items = ['<a>', 'b'];
    expect(html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>${null}${undefined}${false}${0}`.toString()).toBe(
      '<ul><li>&lt;a&gt;</li><li>b</li></ul>0',
    );
  });

  it('when markup is wrapped in raw() or is a nested template, then it is kept as is', () => {
    expect(html`<div>${raw('<b>bold</b>')}${html`<i>${'<x>'}</i>`}</div>`.toString()).toBe('<div><b>bold</b><i>&lt;x&gt;</i></div>');
  });

  it.each([
    ['javascript:alert(1)', '#'],
    [' JaVaScRiPt:alert(1)', '#'],
    ['data:text/html,<script>', '#'],
    ['vbscript:x', '#'],
    ['https://example.org/a?b=1', 'https://example.org/a?b=1'],
    ['/articles/x', '/articles/x'],
    ['mailto:desk@example.org', 'mailto:desk@example.org'],
    ['//evil.example/x', '#'],
  ])('when safeUrl(%j) is asked, then it gives %j', (input, expected) => {
    expect(safeUrl(input)).toBe(expected);
  });

  it.each([
    ['/queue?locale=en', '/queue?locale=en'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    ['/a\nLocation: x', '/'],
    [undefined, '/'],
  ])('when localPath(%j) is asked, then it gives %j', (input, expected) => {
    expect(localPath(input)).toBe(expected);
  });
});
