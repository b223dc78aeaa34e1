import { Client } from '../web/helpers.ts';
import { MARKET_ARTICLE } from './articles.ts';
import { ADMIN_PASSWORD, type RealServer, startRealServer, USER_PASSWORD } from './tandem-server.ts';

export const SAMPLE_SLUG = 'market-prices';

async function as(url: string, name: string, password = USER_PASSWORD): Promise<Client> {
  const client = new Client(url);
  const res = await client.login(name, password);
  if (res.status !== 303) throw new Error(`sample-site: login as ${name} answered ${res.status}`);
  return client;
}

/**
 * The real server with a newsroom's worth of sample data, made through the web as people would: one article, its
 * English translation written by a translator, approved by a reviewer and published by an editor (so the reader site,
 * the publish pages and version 1 exist), a comment, and users of every role (admin is `admin` / ADMIN_PASSWORD).
 */
export async function startSampleSite(): Promise<RealServer> {
  const server = await startRealServer({
    articles: { [`${SAMPLE_SLUG}.md`]: MARKET_ARTICLE },
    users: [
      { name: 'ed', role: 'editor' },
      { name: 'tina', role: 'translator', locales: ['en'] },
      { name: 'rita', role: 'reviewer', locales: ['en'] },
    ],
    deepl: false,
  });
  try {
    const page = `/review/${SAMPLE_SLUG}/en`;
    const tina = await as(server.url, 'tina');
    const { text } = await tina.page(page);
    const sources = [...text.matchAll(/action="([^"]+)\/save"[\s\S]*?data-source="([^"]*)"/g)].map((m) => ({
      action: m[1]!,
      source: m[2]!.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&'),
    }));
    for (const { action, source } of sources) {
      const res = await tina.post(`${action}/submit`, { text: `[en] ${source}`, baseRevision: '0' });
      if (res.status !== 303) throw new Error(`sample-site: submitting ${action} answered ${res.status}`);
    }
    await tina.post(`${sources[0]!.action}/comment`, { comment: 'Is the figure from the ministry?' });
    const rita = await as(server.url, 'rita');
    await rita.page(page);
    for (const { action } of sources) {
      // The sample text keeps the Korean source, which some checks flag; the reviewer approves anyway, with a reason.
      const res = await rita.post(`${action}/approve`, { baseRevision: '2', override: 'Sample text for tests' });
      if (res.status !== 303) throw new Error(`sample-site: approving ${action} answered ${res.status}`);
    }
    const ed = await as(server.url, 'ed');
    await ed.page(`/publish/${SAMPLE_SLUG}`);
    const published = await ed.post(`/publish/${SAMPLE_SLUG}/en`, {});
    if (published.status !== 303)
      throw new Error(`sample-site: publishing answered ${published.status}: ${(await published.text()).slice(0, 2000)}`);
    await as(server.url, 'admin', ADMIN_PASSWORD);
  } catch (error) {
    await server.close();
    throw error;
  }
  return server;
}
