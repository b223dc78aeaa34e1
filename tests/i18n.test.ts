import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LOCALES_DIR, UI_LANGUAGES, acceptedLanguages, flattenKeys, loadLocaleResources } from '../src/web/i18n.ts';
import { startTestApp, type TestApp } from './web/helpers.ts';

const resources = loadLocaleResources(DEFAULT_LOCALES_DIR);
const languages = Object.keys(resources);
const namespaces = [...new Set(languages.flatMap((lng) => Object.keys(resources[lng] ?? {})))].sort();

describe('UI locale files', () => {
  it('when the locales are loaded, then every UI language is there', () => {
    expect(languages).toEqual(expect.arrayContaining([...UI_LANGUAGES]));
    expect(namespaces).toEqual(expect.arrayContaining(['common', 'auth']));
  });

  it.each(namespaces)('when namespace %s ships in any UI language, then every UI language ships it with the same keys', (ns) => {
    const shipping = UI_LANGUAGES.filter((lng) => resources[lng]?.[ns] !== undefined);
    if (shipping.length === 0) return; // a namespace of the reader site only: checked by the next test
    expect(shipping, `locales/<lng>/${ns}.json`).toEqual([...UI_LANGUAGES]);
    const reference = flattenKeys(resources[UI_LANGUAGES[0]]?.[ns]);
    for (const lng of UI_LANGUAGES.slice(1)) {
      const keys = flattenKeys(resources[lng]?.[ns]);
      expect({ lng, missing: reference.filter((k) => !keys.includes(k)), extra: keys.filter((k) => !reference.includes(k)) }).toEqual({
        lng,
        missing: [],
        extra: [],
      });
    }
  });

  it.each(namespaces)('when namespace %s ships in several languages, then all of them have the same keys', (ns) => {
    const shipping = languages.filter((lng) => resources[lng]?.[ns] !== undefined);
    const all = [...new Set(shipping.flatMap((lng) => flattenKeys(resources[lng]?.[ns])))];
    for (const lng of shipping) {
      const keys = flattenKeys(resources[lng]?.[ns]);
      expect({ lng, ns, missing: all.filter((k) => !keys.includes(k)) }).toEqual({ lng, ns, missing: [] });
    }
  });

  it('when web code calls t() with a literal key, then that key exists in every UI language', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name.endsWith('.ts')) files.push(join(dir, entry.name));
      }
    };
    walk(new URL('../src/web/', import.meta.url).pathname);
    const used = new Set<string>();
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([\w.-]+:[\w.-]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const key of used) {
      const [ns = '', path = ''] = key.split(':');
      for (const lng of UI_LANGUAGES) if (!flattenKeys(resources[lng]?.[ns]).includes(path)) missing.push(`${lng}/${key}`);
    }
    expect(missing).toEqual([]);
  });

  it('when Accept-Language has qualities, then tags come out best first', () => {
    expect(acceptedLanguages('en-US;q=0.8, ko-KR, ja;q=0.9, *;q=0.1')).toEqual(['ko-KR', 'ja', 'en-US']);
    expect(acceptedLanguages(undefined)).toEqual([]);
  });
});

describe('per-request UI language', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('when nothing says otherwise, then the UI is Korean; Accept-Language en gives English; ja falls back to Korean', async () => {
    app = await startTestApp();
    const page = async (headers: Record<string, string>) => (await fetch(`${app!.url}/login`, { headers })).text();
    expect(await page({})).toContain('<html lang="ko">');
    expect(await page({ 'accept-language': 'en-GB,en;q=0.9' })).toContain('<html lang="en">');
    expect(await page({ 'accept-language': 'ja' })).toContain('<html lang="ko">');
    expect(await page({ 'accept-language': 'ja, en;q=0.5' })).toContain('<h1>Log in</h1>');
  });

  it('when the language switcher is used, then the cookie wins over Accept-Language', async () => {
    app = await startTestApp();
    const client = app.client();
    await client.page('/login');
    const res = await client.post('/language', { lng: 'en', back: '/login' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
    const res2 = await client.request('GET', '/login', { headers: { 'accept-language': 'ko' } });
    expect(await res2.text()).toContain('<h1>Log in</h1>');
  });

  it('when a logged-in user picks a language, then it is saved and follows them to a new browser', async () => {
    app = await startTestApp({ users: [{ name: 'mina', role: 'translator', locales: ['en'] }] });
    const first = await app.loginAs('mina');
    expect((await first.post('/language', { lng: 'en', back: '/' })).status).toBe(303);
    const second = await app.loginAs('mina');
    const { text } = await second.page('/');
    expect(text).toContain('<html lang="en">');
    expect(text).toContain('Welcome, mina.');
  });

  it('when an unknown language is posted, then it is refused with 400', async () => {
    app = await startTestApp();
    const client = app.client();
    await client.page('/login');
    expect((await client.post('/language', { lng: '../../etc' })).status).toBe(400);
  });
});
