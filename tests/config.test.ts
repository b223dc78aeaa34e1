import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { ConfigError } from '../src/core/errors.ts';

const cwd = '/srv/tandem';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('when the environment is empty, then every default applies with paths resolved against the working directory', () => {
    const config = loadConfig({}, cwd);
    expect(config).toEqual({
      dataDir: '/srv/tandem/data',
      contentDir: '/srv/tandem/content',
      publishDir: '/srv/tandem/content',
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:3000',
      sourceLocale: 'ko',
      targetLocales: ['en', 'ja', 'zh-Hans'],
      logLevel: 'info',
      deepl: null,
      autoTranslate: true,
      autoApproveSameArticle: false,
      formality: {},
      mtLimits: { retry: { attempts: 8, baseDelayMs: 60_000, maxDelayMs: 3_600_000 }, rerunBudget: 20_000, reuseWithinMs: 86_400_000 },
      adminPassword: null,
      webhook: null,
      sourceRelease: 'auto',
      checksOff: { everywhere: [], byLocale: {} },
      trustProxy: false,
      cmsHookSecret: null,
      feed: null,
    });
  });

  it('when the feed interval is under a minute or the hook secret is short, then start-up is refused naming the variable', () => {
    expect(errorOf({ TANDEM_FEED_URL: 'https://news.example.org/feed/', TANDEM_FEED_INTERVAL: '10' }).message).toMatch(
      /TANDEM_FEED_INTERVAL="10": expected a whole number of seconds from 60/,
    );
    const short = errorOf({ TANDEM_CMS_HOOK_SECRET: 'short-secret' }).message;
    expect(short).toMatch(/TANDEM_CMS_HOOK_SECRET: expected at least 16 characters/);
    expect(short).not.toContain('short-secret');
  });

  it('when TANDEM_URL and TANDEM_TOKEN are set, then the CLI has a remote server; alone or malformed they are refused and the token is never echoed', () => {
    const token = `tdm_${'a'.repeat(43)}`;
    expect(loadConfig({ TANDEM_URL: 'https://tandem.example.org/desk/', TANDEM_TOKEN: token }, cwd).remote).toEqual({
      url: 'https://tandem.example.org/desk',
      token,
    });
    expect(loadConfig({}, cwd).remote).toBeUndefined();
    // The API's own path, pasted from its documentation, and trailing slashes: the client adds /api/v1 itself.
    for (const pasted of ['https://tandem.example.org/api/v1', 'https://tandem.example.org/api/v1/', 'https://tandem.example.org/API//']) {
      expect(loadConfig({ TANDEM_URL: pasted, TANDEM_TOKEN: token }, cwd).remote?.url).toBe('https://tandem.example.org');
    }
    expect(loadConfig({ TANDEM_URL: 'https://proxy.example.org/tandem/api/v1/', TANDEM_TOKEN: token }, cwd).remote?.url).toBe(
      'https://proxy.example.org/tandem',
    );
    for (const inside of ['https://tandem.example.org/api/v1/articles', 'https://tandem.example.org/api/v2', 'https://x.org/api/docs']) {
      const refused = errorOf({ TANDEM_URL: inside, TANDEM_TOKEN: token }).message;
      expect(refused).toMatch(
        /TANDEM_URL=".*": expected the address of the Tandem server \(e\.g\. https:\/\/tandem\.example\.org\), not a path inside its API/,
      );
      expect(refused.split('\n')).toHaveLength(1);
    }
    expect(errorOf({ TANDEM_URL: 'https://tandem.example.org' }).message).toMatch(
      /TANDEM_TOKEN: expected a personal API token because TANDEM_URL is set/,
    );
    expect(errorOf({ TANDEM_TOKEN: token }).message).toMatch(/TANDEM_URL: expected the address of the Tandem server/);
    expect(errorOf({ TANDEM_URL: 'ftp://tandem.example.org', TANDEM_TOKEN: token }).message).toMatch(
      /TANDEM_URL="ftp:.*expected an http\(s\) URL/,
    );
    expect(errorOf({ TANDEM_URL: 'https://u:p@tandem.example.org', TANDEM_TOKEN: token }).message).toMatch(/without credentials/);
    const bad = errorOf({ TANDEM_URL: 'https://tandem.example.org', TANDEM_TOKEN: 'tdm_secret-but-short' }).message;
    expect(bad).toMatch(/TANDEM_TOKEN: expected a personal API token/);
    expect(bad).not.toContain('secret-but-short');
  });

  it('when the MT limits are set, then retries, the re-run budget and reuse follow them, and nonsense is refused naming the variable', () => {
    const config = loadConfig(
      {
        TANDEM_MT_RETRY_ATTEMPTS: '3',
        TANDEM_MT_RETRY_FIRST_DELAY: '30',
        TANDEM_MT_RETRY_MAX_DELAY: '600',
        TANDEM_MT_RERUN_BUDGET: '0',
        TANDEM_MT_REUSE_HOURS: '0',
      },
      cwd,
    );
    expect(config.mtLimits).toEqual({ retry: { attempts: 3, baseDelayMs: 30_000, maxDelayMs: 600_000 }, rerunBudget: 0, reuseWithinMs: 0 });
    expect(errorOf({ TANDEM_MT_RETRY_ATTEMPTS: '0' }).message).toMatch(
      /TANDEM_MT_RETRY_ATTEMPTS="0": expected a whole number of tries from 1 to 100/,
    );
    expect(errorOf({ TANDEM_MT_RERUN_BUDGET: '-5' }).message).toMatch(/TANDEM_MT_RERUN_BUDGET="-5": expected a whole number of characters/);
    expect(errorOf({ TANDEM_MT_RETRY_FIRST_DELAY: '900', TANDEM_MT_RETRY_MAX_DELAY: '60' }).message).toMatch(
      /TANDEM_MT_RETRY_FIRST_DELAY: must not be longer than TANDEM_MT_RETRY_MAX_DELAY/,
    );
  });

  it('when variables are set, then they are parsed into typed values', () => {
    const config = loadConfig(
      {
        TANDEM_DATA_DIR: '/var/lib/tandem',
        TANDEM_CONTENT_DIR: 'site/content',
        TANDEM_PUBLISH_DIR: '/var/www/hugo/content',
        PORT: '8080',
        HOST: '0.0.0.0',
        TANDEM_PUBLIC_URL: ' https://news.example.org/ ',
        TANDEM_SOURCE_LOCALE: 'KO',
        TANDEM_TARGET_LOCALES: 'en, zh-hans ,ja,en',
        LOG_LEVEL: 'DEBUG',
        DEEPL_AUTH_KEY: 'abc:fx',
        DEEPL_SERVER_URL: 'http://127.0.0.1:9000',
        DEEPL_EXTRA_HEADERS: '{"X-Proxy":"1"}',
        DEEPL_ENGLISH_VARIANT: 'en-GB',
        DEEPL_FORMALITY: 'ja=prefer_more, zh-hans=prefer_less',
        TANDEM_AUTO_TRANSLATE: '0',
        TANDEM_AUTO_APPROVE_SAME_ARTICLE: 'yes',
        TANDEM_ADMIN_PASSWORD: 'correct horse battery',
        TANDEM_WEBHOOK_URL: 'https://hooks.example.org/tandem',
        TANDEM_WEBHOOK_SECRET: '0123456789abcdef0123',
        TANDEM_SOURCE_RELEASE: 'Manual',
        TANDEM_TRUST_PROXY: '1',
        TANDEM_CMS_HOOK_SECRET: 'cms-secret-0123456789',
        TANDEM_FEED_URL: 'https://news.example.org/feed/',
        TANDEM_FEED_INTERVAL: '600',
      },
      cwd,
    );
    expect(config).toEqual({
      dataDir: '/var/lib/tandem',
      contentDir: '/srv/tandem/site/content',
      publishDir: '/var/www/hugo/content',
      port: 8080,
      host: '0.0.0.0',
      publicUrl: 'https://news.example.org',
      sourceLocale: 'ko',
      targetLocales: ['en', 'zh-Hans', 'ja'],
      logLevel: 'debug',
      deepl: { authKey: 'abc:fx', serverUrl: 'http://127.0.0.1:9000', extraHeaders: { 'X-Proxy': '1' }, englishVariant: 'en-GB' },
      autoTranslate: false,
      autoApproveSameArticle: true,
      formality: { ja: 'prefer_more', 'zh-Hans': 'prefer_less' },
      mtLimits: expect.any(Object),
      adminPassword: 'correct horse battery',
      webhook: { url: 'https://hooks.example.org/tandem', secret: '0123456789abcdef0123' },
      sourceRelease: 'manual',
      checksOff: { everywhere: [], byLocale: {} },
      trustProxy: 1,
      cmsHookSecret: 'cms-secret-0123456789',
      feed: { url: 'https://news.example.org/feed/', intervalMs: 600_000 },
    });
  });

  it('when a variable is set to an empty string, then it counts as unset', () => {
    const config = loadConfig({ PORT: '', TANDEM_DATA_DIR: '  ', DEEPL_AUTH_KEY: '' }, cwd);
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe('/srv/tandem/data');
    expect(config.deepl).toBeNull();
  });

  it.each([
    [{ TANDEM_PUBLIC_URL: 'https://example.org/news/' }, 'https://example.org/news'],
    [{ TANDEM_PUBLIC_URL: 'HTTPS://News.Example.org:443' }, 'https://news.example.org'],
    [{ TANDEM_PUBLIC_URL: 'http://127.0.0.1:8080/a/b' }, 'http://127.0.0.1:8080/a/b'],
    [{ HOST: '0.0.0.0', PORT: '8080' }, 'http://0.0.0.0:8080'],
    [{ HOST: '::1', PORT: '3001' }, 'http://[::1]:3001'],
  ])('when %j, then the public URL is %s', (env, expected) => {
    expect(loadConfig(env, cwd).publicUrl).toBe(expected);
  });

  it.each([
    ['1', 1],
    ['2', 2],
    ['0', false],
    ['off', false],
    ['loopback', 'loopback'],
    [' 10.0.0.5 , 192.168.0.0/16,UniqueLocal', '10.0.0.5, 192.168.0.0/16, uniquelocal'],
    ['fd00::/8, ::1', 'fd00::/8, ::1'],
  ])('when TANDEM_TRUST_PROXY is %j, then express trusts %j', (value, expected) => {
    expect(loadConfig({ TANDEM_TRUST_PROXY: value }, cwd).trustProxy).toBe(expected);
  });

  it('when PORT is 0, then it is accepted so the system picks a free port', () => {
    expect(loadConfig({ PORT: '0' }, cwd).port).toBe(0);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT="abc"', 'TCP port number'],
    [{ PORT: '70000' }, 'PORT="70000"', 'TCP port number'],
    [{ PORT: '-1' }, 'PORT="-1"', 'TCP port number'],
    [{ HOST: 'local host' }, 'HOST="local host"', 'host name or IP address'],
    [{ TANDEM_SOURCE_LOCALE: 'not a locale' }, 'TANDEM_SOURCE_LOCALE="not a locale"', 'BCP 47'],
    [{ TANDEM_TARGET_LOCALES: 'en,??' }, 'TANDEM_TARGET_LOCALES="en,??"', '"??" is not a BCP 47'],
    [{ TANDEM_TARGET_LOCALES: ' , ' }, 'TANDEM_TARGET_LOCALES', 'at least one locale'],
    [{ TANDEM_TARGET_LOCALES: 'en,ko' }, 'TANDEM_TARGET_LOCALES', 'must not contain the source locale ko'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL="loud"', 'expected one of fatal, error, warn, info'],
    [{ DEEPL_AUTH_KEY: 'k', DEEPL_SERVER_URL: 'ftp://x' }, 'DEEPL_SERVER_URL="ftp://x"', 'http(s) URL'],
    [{ DEEPL_SERVER_URL: 'http://127.0.0.1:1' }, 'DEEPL_AUTH_KEY', 'expected a DeepL API key'],
    [{ DEEPL_AUTH_KEY: 'k', DEEPL_EXTRA_HEADERS: 'x-a: 1' }, 'DEEPL_EXTRA_HEADERS', 'JSON object'],
    [{ DEEPL_AUTH_KEY: 'k', DEEPL_FORMALITY: 'ja=more' }, 'DEEPL_FORMALITY="ja=more"', 'ja=prefer_more'],
    [{ DEEPL_AUTH_KEY: 'k', DEEPL_FORMALITY: '??=prefer_less' }, 'DEEPL_FORMALITY', 'not a BCP 47'],
    [{ DEEPL_AUTH_KEY: 'k', DEEPL_EXTRA_HEADERS: '{"a":1}' }, 'DEEPL_EXTRA_HEADERS', 'values are all strings'],
    [{ TANDEM_AUTO_TRANSLATE: 'maybe' }, 'TANDEM_AUTO_TRANSLATE="maybe"', '1/true/yes/on or 0/false/no/off'],
    [{ TANDEM_AUTO_APPROVE_SAME_ARTICLE: '100%' }, 'TANDEM_AUTO_APPROVE_SAME_ARTICLE="100%"', '1/true/yes/on or 0/false/no/off'],
    [{ TANDEM_PUBLIC_URL: 'news.example.org' }, 'TANDEM_PUBLIC_URL="news.example.org"', 'http(s) URL of the public reader site'],
    [{ TANDEM_PUBLIC_URL: 'ftp://news.example.org' }, 'TANDEM_PUBLIC_URL', 'http(s) URL'],
    [{ TANDEM_PUBLIC_URL: 'https://news.example.org/?lang=en' }, 'TANDEM_PUBLIC_URL', 'without credentials, query or fragment'],
    [{ TANDEM_PUBLIC_URL: 'https://news.example.org/#top' }, 'TANDEM_PUBLIC_URL', 'without credentials, query or fragment'],
    [{ TANDEM_PUBLIC_URL: 'https://editor@news.example.org' }, 'TANDEM_PUBLIC_URL', 'without credentials, query or fragment'],
    [{ TANDEM_ADMIN_PASSWORD: 'short' }, 'TANDEM_ADMIN_PASSWORD', 'at least 8 characters'],
    [{ TANDEM_WEBHOOK_URL: 'https://h.example.org' }, 'TANDEM_WEBHOOK_SECRET', 'signing secret'],
    [{ TANDEM_WEBHOOK_URL: 'not a url', TANDEM_WEBHOOK_SECRET: '0123456789abcdef' }, 'TANDEM_WEBHOOK_URL', 'http(s) URL'],
    [{ TANDEM_SOURCE_RELEASE: 'later' }, 'TANDEM_SOURCE_RELEASE="later"', 'expected auto or manual'],
    [{ TANDEM_TRUST_PROXY: 'true' }, 'TANDEM_TRUST_PROXY="true"', 'would let any client choose its own address'],
    [{ TANDEM_TRUST_PROXY: 'proxy.local' }, 'TANDEM_TRUST_PROXY', '"proxy.local" is not an address, subnet or one of loopback'],
    [{ TANDEM_TRUST_PROXY: '10.0.0.0/33' }, 'TANDEM_TRUST_PROXY', 'not an address, subnet'],
    [{ TANDEM_TRUST_PROXY: '10.0.0.1,' }, 'TANDEM_TRUST_PROXY', '"" is not an address'],
  ])('when %j, then a ConfigError names %s and says what is expected', (env, variable, expected) => {
    const error = errorOf(env);
    expect(error.code).toBe('config');
    expect(error.message).toContain(variable);
    expect(error.message).toContain(expected);
    expect(error.message).not.toContain('\n');
  });

  it('when several variables are bad, then one error names all of them', () => {
    const error = errorOf({ PORT: 'x', LOG_LEVEL: 'y' });
    expect(error.message).toContain('PORT="x"');
    expect(error.message).toContain('LOG_LEVEL="y"');
  });

  it('when a secret is invalid, then its value is not echoed', () => {
    const error = errorOf({ TANDEM_ADMIN_PASSWORD: 'hunter2', DEEPL_AUTH_KEY: 'k', DEEPL_EXTRA_HEADERS: '{"Authorization":5}' });
    expect(error.message).toContain('TANDEM_ADMIN_PASSWORD');
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('Authorization');
  });

  it('when TANDEM_DATABASE_URL is set, then the postgres backend is chosen with that URL, unless TANDEM_STORAGE says postgres too', () => {
    const url = 'postgres://tandem:s3cret@db.internal:5432/tandem';
    expect(loadConfig({ TANDEM_DATABASE_URL: url }, cwd)).toMatchObject({ storage: 'postgres', databaseUrl: url });
    expect(loadConfig({ TANDEM_DATABASE_URL: url, TANDEM_STORAGE: 'postgres' }, cwd)).toMatchObject({
      storage: 'postgres',
      databaseUrl: url,
    });
    expect(loadConfig({}, cwd).databaseUrl).toBeUndefined();
  });

  it.each([
    [{ TANDEM_STORAGE: 'postgres' }, /TANDEM_DATABASE_URL: expected the PostgreSQL URL because TANDEM_STORAGE is postgres/],
    [
      { TANDEM_STORAGE: 'lowdb', TANDEM_DATABASE_URL: 'postgres://db/tandem' },
      /only the postgres backend uses it, but TANDEM_STORAGE is lowdb/,
    ],
    [{ TANDEM_DATABASE_URL: 'mysql://db/tandem' }, /TANDEM_DATABASE_URL: expected a PostgreSQL URL with a host and a database/],
    [{ TANDEM_DATABASE_URL: 'postgres://db.internal' }, /TANDEM_DATABASE_URL: expected a PostgreSQL URL with a host and a database/],
  ])('when the database settings are %j, then start-up is refused saying what to set', (env, message) => {
    expect(errorOf(env).message).toMatch(message);
  });

  it('when TANDEM_DATABASE_URL is invalid, then its value (which may hold a password) is not echoed', () => {
    const error = errorOf({ TANDEM_DATABASE_URL: 'mysql://tandem:hunter2@db/tandem' });
    expect(error.message).toContain('TANDEM_DATABASE_URL');
    expect(error.message).not.toContain('hunter2');
  });

  it.each([
    ['length', { everywhere: ['length'], byLocale: {} }],
    [
      ' length , ja:end-punctuation,zh-hans:spacing, ZH-Hans:end-punctuation, length',
      { everywhere: ['length'], byLocale: { ja: ['end-punctuation'], 'zh-Hans': ['spacing', 'end-punctuation'] } },
    ],
  ])('when TANDEM_CHECKS_OFF is %j, then checks are off everywhere or per canonical target locale', (value, expected) => {
    expect(loadConfig({ TANDEM_CHECKS_OFF: value }, cwd).checksOff).toEqual(expected);
  });

  it.each([
    ['Length', /TANDEM_CHECKS_OFF="Length": "Length" is not a check id or locale:id/],
    ['ja:', /"ja:" is not a check id or locale:id/],
    ['ja_JP!:spacing', /"ja_JP!" in "ja_JP!:spacing" is not a BCP 47 language tag/],
    ['fr:spacing', /TANDEM_CHECKS_OFF: fr is not a target locale \(TANDEM_TARGET_LOCALES is en,ja,zh-Hans\)/],
  ])('when TANDEM_CHECKS_OFF is %j, then start-up is refused with what to write', (value, message) => {
    expect(errorOf({ TANDEM_CHECKS_OFF: value }).message).toMatch(message);
  });
});
