import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TandemConfig } from '../../src/config.ts';
import { checksCurrent } from '../../src/core/check-decisions.ts';
import type { TranslationState } from '../../src/core/model.ts';
import { openTandem } from '../../src/main.ts';
import { type Child, startChild } from '../cli/run-tandem.ts';
import { serveProgram } from '../support/serve-child.ts';
import { Client } from '../web/helpers.ts';

// The pieces of the crash test (kill-during-writes.test.ts): a real `tandem serve` child, logged-in clients, and the
// check that the data directory agrees with itself and with every acknowledged write.

export const PASSWORD = 'crash test password';
export const SOURCE_LOCALE = 'ko';
export const LOCALE = 'en';

/** What a translation looked like after an acknowledged write. */
export interface Acked {
  readonly revision: number;
  readonly state: TranslationState;
  /** The text, when the write set it. */
  readonly text?: string;
}

/** One translation as stored (the key is `<slug>/<segmentId>`). */
export interface StoredRow {
  readonly slug: string;
  readonly segmentId: string;
  readonly source: string;
  readonly revision: number;
  readonly state: TranslationState;
  readonly text: string;
}

/** A running server child and its URL. */
export interface ServerChild {
  readonly child: Child;
  readonly url: string;
}

/** Start `tandem serve` on the data directory and wait until it listens and has reconciled the memory. */
export async function startServer(env: Record<string, string>): Promise<ServerChild> {
  const child = startChild(process.execPath, [serveProgram(), 'serve'], env);
  const listening = await child.waitForLine(/"msg":"server listening"/);
  const url = (JSON.parse(listening) as { url: string }).url;
  // Start-up repairs (memory reconciled with approvals) are done before anything is checked or driven.
  await child.waitForLine(/"msg":"translation memory reconciled with approved translations"/);
  return { child, url };
}

/** A client logged in as `name`, holding a CSRF token. */
export async function loginAs(url: string, name: string): Promise<Client> {
  const client = new Client(url);
  const res = await client.login(name, PASSWORD);
  if (res.status !== 303) throw new Error(`crash test: login as ${name} answered ${res.status}`);
  return client;
}

/** The Markdown of a source article with a title and `paragraphs`. */
export function articleText(slug: string, title: string, paragraphs: readonly string[]): string {
  return `---\ntitle: ${title}\nslug: ${slug}\n---\n\n${paragraphs.join('\n\n')}\n`;
}

/** Write the articles into `dir` and return their files. */
export async function writeArticles(dir: string, articles: Readonly<Record<string, string>>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const [slug, text] of Object.entries(articles)) {
    const file = join(dir, `${slug}.md`);
    await writeFile(file, text);
    files.push(file);
  }
  return files;
}

/** Everything found wrong in the data directory; empty when it agrees with itself and with `acked`. */
export interface Verdict {
  readonly problems: string[];
  readonly rows: Map<string, StoredRow>;
  /** Versions recorded per published article. */
  readonly versions: Map<string, number>;
}

/**
 * Read the data directory (without taking it: the server holds it) and list what disagrees: an acknowledged write
 * missing (a translation behind its last acknowledged revision, or at it with another state or text, or more than one
 * unacknowledged write past it); stored check results not run on the current text and source, or not what the checks
 * say now; an approved text missing from the translation memory; a temporary file in the publish folder; a live
 * published file that is not its latest version's document; fewer versions than acknowledged publishes.
 */
export async function verify(
  config: TandemConfig,
  slugs: readonly string[],
  acked: ReadonlyMap<string, Acked>,
  published: ReadonlyMap<string, number>,
): Promise<Verdict> {
  const problems: string[] = [];
  const rows = new Map<string, StoredRow>();
  const versions = new Map<string, number>();
  const tandem = await openTandem(config, { lock: false });
  try {
    for (const slug of slugs) {
      const record = await tandem.articles.get(slug);
      const ctx = await tandem.checks.contextFor(record, LOCALE);
      for (const segment of record.segments.filter((s) => !s.removedAt)) {
        const t = record.translations.find((x) => x.segmentId === segment.id && x.locale === LOCALE);
        if (!t) continue;
        const key = `${slug}/${segment.id}`;
        rows.set(key, { slug, segmentId: segment.id, source: segment.source, revision: t.revision, state: t.state, text: t.text });
        const ack = acked.get(key);
        if (ack && (t.revision < ack.revision || t.revision > ack.revision + 1)) {
          problems.push(`${key}: revision ${t.revision}, acknowledged ${ack.revision}`);
        }
        if (ack && t.revision === ack.revision && (t.state !== ack.state || (ack.text !== undefined && t.text !== ack.text))) {
          problems.push(`${key}: ${t.state} "${t.text}", acknowledged ${ack.state} "${ack.text ?? t.text}"`);
        }
        if (t.text === '') continue;
        if (!checksCurrent(t, segment.hash)) problems.push(`${key}: check results not run on the stored text`);
        else if (JSON.stringify(t.checks ?? []) !== JSON.stringify(tandem.checks.check(segment, t.text, ctx))) {
          problems.push(`${key}: stored check results differ from the checks' answer for the stored text`);
        }
        if (t.state === 'approved') {
          const entry = await tandem.memory.findExactMatch(segment.hash, LOCALE, slug, SOURCE_LOCALE);
          if (entry?.target !== t.text) problems.push(`${key}: approved text not in the memory (found "${entry?.target}")`);
        }
      }
      const all = await tandem.publish.versions(slug, LOCALE).catch(() => []);
      versions.set(slug, all.length);
      const want = published.get(slug) ?? 0;
      if (all.length < want || all.length > want + 1) problems.push(`${slug}: ${all.length} versions, ${want} publishes acknowledged`);
      const last = all.at(-1);
      if (last) {
        const latest = await tandem.publish.version(slug, LOCALE, last.version);
        const file = await readFile(join(config.publishDir, LOCALE, `${slug}.md`), 'utf8').catch(() => null);
        if (file !== latest.document) problems.push(`${slug}: published file is not version ${latest.version}'s document`);
      }
    }
    const folder = await readdir(join(config.publishDir, LOCALE)).catch(() => [] as string[]);
    for (const name of folder.filter((n) => !n.endsWith('.md') || n.startsWith('.'))) problems.push(`publish folder: leftover ${name}`);
  } finally {
    await tandem.close();
  }
  return { problems, rows, versions };
}
