import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editor } from '../services/publish-fixture.ts';
import { startReaderApp, type ReaderApp } from './reader-fixture.ts';

const SLUG = 'pow-talks';
const ARTICLE = `+++
title = "포로 송환 협상"
date = 2026-01-10
author = "한지우 기자"
tags = ["북한", "포로"]
+++

협상은 {{< ref "talks_2024.md" >}} 이후 {{% note %}}비공개로{{% /note %}} 진행됐다.

{{< figure src="https://example.com/room.jpg" alt="협상장 내부" caption="회담장에 들어서는 대표단" >}}

{{< youtube abc >}}
`;

const ENGLISH: Readonly<Record<string, string>> = {
  '포로 송환 협상': 'POW talks',
  '한지우 기자': 'Han Ji-woo',
  북한: 'North Korea',
  포로: 'POWs',
  '협상은 <x1/> 이후 <g2>비공개로</g2> 진행됐다.': 'The talks, the first since <x1/>, were held <g2>in private</g2>.',
  '협상장 내부': 'Inside the talks room',
  '회담장에 들어서는 대표단': 'Delegates arrive',
};

let app: ReaderApp;

beforeAll(async () => {
  app = await startReaderApp();
  await app.importSource(ARTICLE, `${SLUG}.md`);
  await app.approveAll('en', SLUG, (source) => ENGLISH[source] ?? `[no test translation] ${source}`);
  await app.publish.publish({ slug: SLUG, locale: 'en', actor: editor });
});

afterAll(async () => {
  await app.close();
});

describe('reader pages of an article with TOML front matter and Hugo shortcodes', () => {
  it('when the English page is read, then it shows a figure, the translated byline and tags, and no shortcode braces', async () => {
    const res = await fetch(new URL(`/en/articles/${SLUG}`, app.url), { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toContain('[no test translation]');
    expect(body).not.toMatch(/\{\{[<%]|[>%]\}\}/);
    expect(body).toContain(
      '<figure><img src="https://example.com/room.jpg" alt="Inside the talks room" /><figcaption><p>Delegates arrive</p></figcaption></figure>',
    );
    expect(body).toContain('were held in private.');
    expect(body).toContain('Han Ji-woo');
    expect(body).not.toContain('한지우');
    expect(body).toContain('North Korea');
  });

  it('when the Korean original is read, then its TOML front matter is not shown as text', async () => {
    const body = await (await fetch(new URL(`/ko/articles/${SLUG}`, app.url), { headers: { accept: 'text/html' } })).text();
    expect(body).not.toContain('+++');
    expect(body).not.toMatch(/\{\{[<%]/);
    expect(body).toContain('회담장에 들어서는 대표단');
  });
});
