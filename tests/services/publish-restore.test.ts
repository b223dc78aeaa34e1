import { describe, expect, it } from 'vitest';
import { RecoveryService } from '../../src/services/recovery.ts';
import { editor, publishableFixture, reviewer, SLUG, translator } from './publishable-support.ts';

// Issue 12: a publish records its version and then puts the prepared file in place; a crash in between leaves the
// published file behind its record. Start-up (when it found prepared files left over) writes the latest version back.

const TEXTS = ['Inflation', 'Inflation is **below 5%**, [Statistics Korea](https://kostat.go.kr) said from `CPI` data.'];

describe('published files restored after a crash', () => {
  it.each([
    ['an old file', (f: string) => `${f}old version\n`],
    ['no file', null],
  ] as const)('when a live version was recorded over %s, then restoring writes its document, once', async (_, stale) => {
    const f = await publishableFixture();
    try {
      for (const [i, segment] of f.segments.entries()) {
        const ref = { slug: SLUG, segmentId: segment.id, locale: 'en' };
        await f.review.submit({ ...ref, text: TEXTS[i]!, actor: translator });
        await f.review.approve({ ...ref, actor: reviewer, overrideReason: 'markup is not what this test is about' });
      }
      const { version } = await f.publish.publish({ slug: SLUG, locale: 'en', actor: editor });
      const path = `en/${SLUG}.md`;
      if (stale) f.target.files.set(path, stale(''));
      else f.target.files.delete(path);
      const recovery = new RecoveryService({
        store: f.storage.articles,
        memory: { recordApproval: async () => null },
        publishTarget: f.target,
        publications: f.storage.publications,
        targetLocales: ['en'],
      });
      expect(await recovery.restorePublishedFiles()).toEqual({ checked: 1, restored: 1 });
      expect(f.target.files.get(path)).toBe(version!.document);
      expect(await recovery.restorePublishedFiles()).toEqual({ checked: 1, restored: 0 });
    } finally {
      await f.close();
    }
  });
});
