import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPublishing, SilentNotifier, WebhookNotifier } from '../../../src/adapters/publish/index.ts';

describe('openPublishing', () => {
  it('when no webhook is configured, then publications live under the data directory and nothing is notified', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tandem-open-pub-'));
    const publishing = await openPublishing({ dataDir, publishDir: join(dataDir, 'content'), webhook: null });
    expect(publishing.notifier).toBeInstanceOf(SilentNotifier);
    await publishing.close();
    expect(await readdir(join(dataDir, 'publications'))).toEqual(['index.json']);
  });

  it('when a webhook is configured, then the notifier signs with its secret', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tandem-open-pub-'));
    const publishing = await openPublishing({ dataDir, publishDir: dataDir, webhook: { url: 'http://127.0.0.1:9/hook', secret: 's' } });
    expect(publishing.notifier).toBeInstanceOf(WebhookNotifier);
    await publishing.close();
  });
});
