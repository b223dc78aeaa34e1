import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { openTandem, type Tandem } from '../../src/main.ts';
import { workspace } from './run-tandem.ts';
import { releaseServer } from './server-mode.ts';

/** The environment of an in-process CLI run over a fresh workspace: data, content and publish dirs, English only. */
export async function cliWorkspace(extra: Record<string, string> = {}) {
  const ws = await workspace();
  const env: Record<string, string> = {
    TANDEM_DATA_DIR: ws.dataDir,
    TANDEM_CONTENT_DIR: ws.dir,
    TANDEM_PUBLISH_DIR: join(ws.dir, 'publish'),
    TANDEM_TARGET_LOCALES: 'en',
    LOG_LEVEL: 'silent',
    ...extra,
  };
  return { ...ws, env, publishDir: join(ws.dir, 'publish'), file: (slug: string) => join(ws.articles, `${slug}.md`) };
}

/**
 * Open the data directory in this process (taking its lock, as the CLI does), run `work`, close it again: setup a
 * test would otherwise do through the review UI. In the `cli-server` project the directory's server steps aside first.
 */
export async function withTandem<T>(env: Record<string, string>, work: (tandem: Tandem) => Promise<T>): Promise<T> {
  // In the `cli-server` project the directory's server steps aside; the next command starts it again.
  await releaseServer(env);
  const tandem = await openTandem(loadConfig(env), { lock: true });
  try {
    return await work(tandem);
  } finally {
    await tandem.close();
  }
}

/** Save, submit and approve (as a second person, overriding checks: the text is a marker) every segment of a locale. */
export async function approveAll(tandem: Tandem, slug: string, locale: string): Promise<number> {
  const record = await tandem.articles.get(slug);
  let n = 0;
  for (const segment of record.segments.filter((s) => !s.removedAt)) {
    const t = record.translations.find((x) => x.segmentId === segment.id && x.locale === locale);
    if (t?.state === 'approved') continue;
    await tandem.review.submit({
      slug,
      segmentId: segment.id,
      locale,
      text: `[${locale}] ${segment.source}`,
      actor: { name: 'translator-kim' },
    });
    await tandem.review.approve({
      slug,
      segmentId: segment.id,
      locale,
      actor: { name: 'reviewer-lee' },
      overrideReason: 'test marker text',
    });
    n++;
  }
  return n;
}
