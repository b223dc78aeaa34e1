/** A worker process for the crash test: drains the MT queue of a data directory through a (fake) DeepL server. */
import { DeeplProvider } from '../../src/adapters/mt/deepl.ts';
import { LowdbArticleStore } from '../../src/adapters/storage/lowdb/article-store.ts';
import { LowdbMtStore } from '../../src/adapters/storage/lowdb/mt-store.ts';
import { ReviewService } from '../../src/services/review.ts';
import { createMtService } from '../../src/services/mt/index.ts';

const [dir, serverUrl] = process.argv.slice(2);
if (!dir || !serverUrl) throw new Error('usage: mt-child <dataDir> <serverUrl>');
const store = await LowdbArticleStore.open(dir);
const mt = await LowdbMtStore.open(dir);
const targetLocales = ['en', 'ja'];
const service = createMtService({
  store,
  mt,
  provider: new DeeplProvider({ authKey: 'crash:fx', serverUrl }),
  drafts: new ReviewService({ store, targetLocales }),
  targetLocales,
  concurrency: 1,
});
const recovered = await service.recover();
const summary = await service.drain();
process.stdout.write(`${JSON.stringify({ recovered, ...summary })}\n`);
await mt.close();
await store.close();
