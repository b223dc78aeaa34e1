import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { testDeps } from './support.ts';

const body = '\n쌀값이 올랐다.\n';

describe('importArticle validates front matter with one schema', () => {
  it.each([
    ['publishDate', 'publishDate: tomorrow'],
    ['draft', 'draft: maybe'],
    ['confidential', 'confidential: 12'],
    ['expiryDate', 'expiryDate: 2026-13-01'],
  ])('when "%s" is invalid, then the import is refused with the field and the file, and nothing is stored', async (field, line) => {
    const deps = testDeps();
    const file = 'content/ko/rice.md';
    const error = await importArticle(deps, { file, content: `---\ntitle: 쌀값\n${line}\n---\n${body}`, by: 'editor' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(`import: ${file}: front matter "${field}"`);
    expect(await deps.store.get(parseSlug('rice'))).toBeNull();
  });

  it('when the embargo fields are valid, then they are stored as ISO 8601 strings and the confidential names are read', async () => {
    const deps = testDeps();
    const content = `---\ntitle: 쌀값\ndate: 2026-12-01\npublishDate: 2026-12-01 09:00:00\ndraft: false\nconfidential: [김철민]\n---\n${body}`;
    await importArticle(deps, { file: 'rice.md', content, by: 'editor' });
    const record = await deps.store.get(parseSlug('rice'));
    expect(record?.article.frontMatter).toMatchObject({
      date: '2026-12-01',
      publishDate: '2026-12-01T09:00:00',
      draft: false,
      confidential: ['김철민'],
    });
  });
});
