import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers.ts';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('createApp', () => {
  it('when /healthz is requested, then it answers 200 JSON with status ok', async () => {
    app = await startTestApp();
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as { status: string };
    expect(body.status).toBe('ok');
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('when any page is served, then a strict CSP forbids inline scripts', async () => {
    app = await startTestApp();
    for (const path of ['/login', '/healthz', '/nowhere']) {
      const res = await fetch(`${app.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      const scriptSrc = csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith('script-src '));
      expect(scriptSrc, path).toBe("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('when any response is sent, then a Permissions-Policy turns off the browser features Tandem never uses', async () => {
    app = await startTestApp();
    for (const path of ['/login', '/healthz', '/nowhere', '/assets/nothing.css']) {
      const policy = (await fetch(`${app.url}${path}`)).headers.get('permissions-policy') ?? '';
      for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) expect(policy, path).toContain(`${feature}=()`);
      expect(
        policy.split(', ').every((directive) => /^[a-z-]+=\(\)$/.test(directive)),
        policy,
      ).toBe(true);
    }
  });

  it('when an unknown path is requested as JSON, then the answer is a 404 JSON error with a code', async () => {
    app = await startTestApp();
    const res = await fetch(`${app.url}/no/such/page`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not-found' } });
  });

  it('when an unknown path is requested as HTML, then the answer is a 404 page in the layout', async () => {
    app = await startTestApp();
    const res = await fetch(`${app.url}/no/such/page`, { headers: { accept: 'text/html', 'accept-language': 'en' } });
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).toContain('<h1>Page not found</h1>');
    expect(text).toContain('<html lang="en">');
  });

  it('when a body is larger than the limit, then the request is refused with 413', async () => {
    app = await startTestApp({ config: { bodyLimit: '1kb' } });
    const client = app.client();
    await client.page('/login');
    const res = await client.post('/login', { name: 'x', password: 'y'.repeat(5000) });
    expect(res.status).toBe(413);
  });

  it('when static assets are requested, then they are served from public/', async () => {
    app = await startTestApp();
    const res = await fetch(`${app.url}/assets/app.css`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(':focus-visible');
  });
});
