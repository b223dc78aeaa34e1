import { afterAll } from 'vitest';
import { MARKET_ARTICLE } from '../../support/articles.ts';
import { type RealServer, startRealServer } from '../../support/tandem-server.ts';

/**
 * The real server holding the market article, with the editor `ed` and an API token of hers named `name`, closed
 * after the calling file's tests.
 */
export async function editorApi(name: string): Promise<{ readonly server: RealServer; readonly token: string }> {
  let token = '';
  const server = await startRealServer({
    articles: { 'market.md': MARKET_ARTICLE },
    users: [{ name: 'ed', role: 'editor' }],
    deepl: false,
    setup: async (tandem) => {
      token = (await tandem.apiTokens.create({ owner: await tandem.users.get('ed'), name })).secret;
    },
  });
  afterAll(() => server.close());
  return { server, token };
}
