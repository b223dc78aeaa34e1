import { pino } from 'pino';
import type { Role } from '../../src/core/roles.ts';
import { AuthService, type ScryptConfig } from '../../src/services/auth.ts';
import { UserService } from '../../src/services/users.ts';
import { createApp, type AppDeps, type WebConfig } from '../../src/web/app.ts';
import { startServer, type RunningServer } from '../../src/web/server.ts';
import { openTestStorage } from '../support/storage.ts';

/** Cheap scrypt for tests that log in many times; tests/services/users.test.ts covers the real default. */
export const TEST_SCRYPT: ScryptConfig = { N: 2 ** 10, r: 8, p: 1 };
export const PASSWORD = 'correct horse battery';

export interface TestUser {
  readonly name: string;
  readonly role: Role;
  readonly locales?: readonly string[];
}

export interface TestApp {
  readonly url: string;
  readonly deps: AppDeps;
  readonly server: RunningServer;
  client(): Client;
  /** A client already logged in as `name` (password PASSWORD). */
  loginAs(name: string): Promise<Client>;
  close(): Promise<void>;
}

export async function startTestApp(options: { users?: readonly TestUser[]; config?: WebConfig } = {}): Promise<TestApp> {
  const storage = await openTestStorage();
  const store = storage.users;
  const targetLocales = options.config?.targetLocales;
  const users = new UserService(store, { scrypt: TEST_SCRYPT, uiLanguages: ['ko', 'en'], ...(targetLocales ? { targetLocales } : {}) });
  const auth = new AuthService(store, { scrypt: TEST_SCRYPT });
  for (const u of options.users ?? []) await users.add({ name: u.name, role: u.role, locales: u.locales ?? [], password: PASSWORD });
  const deps: AppDeps = {
    logger: pino({ level: 'silent' }),
    users,
    auth,
    config: {
      onMissingKey: (lng, ns, key) => {
        throw new Error(`missing i18n key ${ns}:${key} (${lng})`);
      },
      ...options.config,
    },
  };
  const server = await startServer(createApp(deps), { port: 0, logger: deps.logger, handleSignals: false });
  const app: TestApp = {
    url: server.url,
    deps,
    server,
    ...clientsFor(server.url),
    close: async () => {
      await server.close();
      await storage.close();
    },
  };
  return app;
}

/** A fresh client, and a client logged in as a test user (whose password is PASSWORD). */
export function clientsFor(url: string): { client(): Client; loginAs(name: string): Promise<Client> } {
  return {
    client: () => new Client(url),
    loginAs: async (name) => {
      const client = new Client(url);
      const res = await client.login(name, PASSWORD);
      if (res.status !== 303) throw new Error(`test login as ${name} failed with ${res.status}`);
      return client;
    },
  };
}

/** A browser-ish HTTP client: keeps cookies, never follows redirects, remembers the last CSRF token it saw. */
export class Client {
  readonly base: string;
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(base: string) {
    this.base = base;
  }

  async request(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has('accept')) headers.set('accept', 'text/html');
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(new URL(path, this.base), {
      method,
      headers,
      redirect: 'manual',
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** GET a page and remember its CSRF token. */
  async page(path: string): Promise<{ res: Response; text: string }> {
    const res = await this.request('GET', path);
    const text = await res.text();
    const token = /<meta name="csrf-token" content="([^"]*)">/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { res, text };
  }

  /** POST a form; `_csrf` is the remembered token unless the fields say otherwise. */
  post(path: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields });
    return this.request('POST', path, { body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  }

  async login(name: string, password: string): Promise<Response> {
    await this.page('/login');
    const res = await this.post('/login', { name, password, next: '/' });
    if (res.status === 303) await this.page('/');
    return res;
  }
}
