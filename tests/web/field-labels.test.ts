import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import type { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { API_OPERATIONS } from '../../src/web/api/index.ts';
import { LABELLED_FIELDS } from '../../src/web/error-messages.ts';
import { ADMIN_PASSWORD, startRealServer } from '../support/tandem-server.ts';
import { Client } from './helpers.ts';

/**
 * A refusal names the field in words and says what it takes: every field a schema of the API or a page names has
 * a label (errors:fields.<name>, en and ko), an enum lists its values, a day says how to write it.
 */

/** Every field name an object schema holds, through wrappers, pipes, unions, lists and nested objects. */
function fieldNames(schema: z.core.$ZodType | undefined, depth = 0): string[] {
  if (schema === undefined || depth > 10) return [];
  const def = schema._zod.def as unknown as Record<string, unknown>;
  if (def.type === 'object')
    return Object.entries(def.shape as Record<string, z.core.$ZodType>).flatMap(([k, v]) => [k, ...fieldNames(v, depth + 1)]);
  const inner = [def.element, def.innerType, def.in, def.out, ...((def.options as unknown[] | undefined) ?? [])];
  return inner.flatMap((s) => (s === undefined ? [] : fieldNames(s as z.core.$ZodType, depth + 1)));
}

const labels = (language: string) =>
  (
    JSON.parse(readFileSync(new URL(`../../locales/${language}/errors.json`, import.meta.url), 'utf8')) as {
      fields: Record<string, string>;
    }
  ).fields;

/**
 * The fields the staff and reader pages' schemas name: their schemas are module constants of each route file, so the
 * walk reads the sources (every `z.object`/`z.looseObject`/`z.strictObject` literal of the route files) and a new
 * route file or field is found without being listed here.
 */
function pageFieldNames(): string[] {
  const root = new URL('../../src/web/', import.meta.url);
  const files = [
    ...['routes/', 'reader/'].flatMap((dir) =>
      readdirSync(new URL(dir, root))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `${dir}${f}`),
    ),
    'api/tokens-page.ts',
  ];
  const names: string[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(new URL(file, root), 'utf8'), ts.ScriptTarget.Latest);
    // Shapes shared by spreading (`z.object({ ...Pair, ...Search })`): their literal, wherever the file declares it.
    const shared = new Map<string, ts.ObjectLiteralExpression>();
    const collect = (node: ts.Node): void => {
      if (
        ts.isVariableDeclaration(node) &&
        ts.isIdentifier(node.name) &&
        node.initializer &&
        ts.isObjectLiteralExpression(node.initializer)
      )
        shared.set(node.name.text, node.initializer);
      ts.forEachChild(node, collect);
    };
    collect(source);
    const fieldsOf = (literal: ts.ObjectLiteralExpression, depth = 0): string[] =>
      literal.properties.flatMap((p) => {
        if (ts.isSpreadAssignment(p) && ts.isIdentifier(p.expression)) {
          const spread = shared.get(p.expression.text);
          return spread && depth < 4 ? fieldsOf(spread, depth + 1) : [];
        }
        return p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? [p.name.text] : [];
      });
    const visit = (node: ts.Node): void => {
      const [first] = ts.isCallExpression(node) ? node.arguments : [];
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        /^(object|looseObject|strictObject|extend)$/.test(node.expression.name.text) &&
        first !== undefined &&
        ts.isObjectLiteralExpression(first)
      )
        names.push(...fieldsOf(first));
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return names;
}

describe('every field of the API and the pages has a label', () => {
  const api = API_OPERATIONS.flatMap((op) => [...fieldNames(op.query), ...fieldNames(op.body)]);
  const pages = pageFieldNames();
  const names = [...new Set([...api, ...pages])].sort();

  it('when the schemas are walked, then they name fields (the walk reaches them)', () => {
    expect(api).toEqual(expect.arrayContaining(['in', 'since', 'state', 'text']));
    expect(pages).toEqual(expect.arrayContaining(['in', 'state', 'baseRevision', 'done']));
  });

  it.each(names)('when %s is refused, then it has a label in en and ko', (name) => {
    expect(LABELLED_FIELDS as readonly string[]).toContain(name);
    expect(labels('en')[name]).toBeTruthy();
    expect(labels('ko')[name]).toBeTruthy();
  });
});

const server = await startRealServer({ deepl: false, env: { TANDEM_AUTO_TRANSLATE: 'false' } });
afterAll(() => server.close());
const admin = new Client(server.url);
if ((await admin.login('admin', ADMIN_PASSWORD)).status !== 303) throw new Error('field-labels: admin login failed');

async function issues(path: string, language: string): Promise<string[]> {
  const res = await admin.request('GET', path, { headers: { accept: 'application/json', 'accept-language': language } });
  expect(res.status, path).toBe(400);
  return ((await res.json()) as { issues: string[] }).issues;
}

async function page(path: string): Promise<string> {
  const res = await admin.request('GET', path, { headers: { accept: 'text/html', 'accept-language': 'en' } });
  expect(res.status, path).toBe(400);
  return res.text();
}

describe('refusals say what is allowed', () => {
  it.each([
    ['en', 'Look in (query.in): choose one of: source, target, both.'],
    ['ko', '검색 위치 (query.in): 다음 중 하나를 고르세요: source, target, both.'],
  ])('when the concordance gets an unknown in (%s), then the label and the values are named', async (language, issue) => {
    expect(await issues('/api/v1/memory/ko/en/concordance?q=word&in=zzz', language)).toEqual([issue]);
  });

  it.each([
    ['en', 'Start day (query.since): “2026-13-45” is not a day; write it as YYYY-MM-DD.'],
    ['ko', '시작일 (query.since): “2026-13-45”은(는) 날짜가 아닙니다. YYYY-MM-DD 형식으로 쓰세요.'],
  ])('when the usage gets an impossible day (%s), then it is told as the web page and CLI tell it', async (language, issue) => {
    expect(await issues('/api/v1/usage?since=2026-13-45', language)).toEqual([issue]);
  });

  it('when the memory page gets an unknown in, then its page names the label and the values', async () => {
    const text = await page('/memory?in=zzz');
    expect(text).toContain('Look in: choose one of: both, source, target.');
  });

  it('when the queue page gets an unknown state, then its page lists the states', async () => {
    const text = await page('/queue?state=bogus');
    expect(text).toMatch(/State: choose one of: [a-z-]+(, [a-z-]+)+\./);
    expect(text).not.toContain('this value cannot be used');
  });
});
