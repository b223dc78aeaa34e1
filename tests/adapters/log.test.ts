import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, type LogStream, startupLine } from '../../src/adapters/log.ts';

function captured(isTTY: boolean): { stream: LogStream; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  Object.defineProperty(stream, 'isTTY', { value: isTTY });
  return { stream, text: () => chunks.join('') };
}

describe('logs', () => {
  it('when the output is not a terminal, then each line is one JSON object', () => {
    const out = captured(false);
    createLogger({ logLevel: 'info' }, out.stream).info({ slug: 'market-prices' }, 'article imported');
    const line = JSON.parse(out.text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, app: 'tandem', slug: 'market-prices', msg: 'article imported' });
  });

  it('when the output is a terminal, then lines are readable text with the message and fields', () => {
    const out = captured(true);
    createLogger({ logLevel: 'info' }, out.stream).warn({ slug: 'market-prices' }, 'article imported');
    const text = out.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toMatch(/WARN.*article imported/);
    expect(text).toContain('market-prices');
    expect(text).not.toContain('"level"');
  });
});

describe('the start-up line', () => {
  it.each([
    [
      'a generated admin password',
      { created: true, name: 'admin', generated: true, password: 'Xy7-secret' } as const,
      /^Tandem is listening on http:\/\/127\.0\.0\.1:3000 — log in as "admin" with password Xy7-secret\n/,
    ],
    [
      'a password from the environment',
      { created: true, name: 'admin', generated: false, password: 'from-env' } as const,
      /^Tandem is listening on http:\/\/127\.0\.0\.1:3000 — log in as "admin" with the password set in TANDEM_ADMIN_PASSWORD\.\n$/,
    ],
    ['a later start', { created: false } as const, /^Tandem is listening on http:\/\/127\.0\.0\.1:3000\n$/],
  ])('when the server starts with %s, then one line says where and how to log in', (_what, admin, expected) => {
    const line = startupLine('http://127.0.0.1:3000', admin);
    expect(line).toMatch(expected);
    expect(line).not.toContain('from-env');
  });

  it('when the server listens on every address, then the line gives a URL a browser opens', () => {
    expect(startupLine('http://0.0.0.0:3000', { created: false })).toBe('Tandem is listening on http://localhost:3000\n');
  });
});
