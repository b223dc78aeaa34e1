import type { Storage } from '../../core/ports/storage-backend.ts';
import type { Slug } from '../../core/slug.ts';
import { inBatches } from './copy-articles.ts';
import { MEMORY_BATCH, queueKey, WAITING_STATES } from './copy-records.ts';
import { type CopyProgress, fingerprint, type KindVerification, sameContent, VerifyTally } from './report.ts';

/**
 * Read the target back and compare it with the source, kind by kind: every source record must be in the target with
 * the same content (articles and publications by a fingerprint of the whole record: segments, every translation
 * revision, history, each version's document), and the target's counts are read from the target itself.
 */
export async function verifyCopy(
  source: Storage,
  target: Storage,
  slugs: readonly Slug[],
  providers: readonly string[],
  onProgress: CopyProgress,
): Promise<KindVerification[]> {
  const users = new VerifyTally('users');
  const targetUsers = await target.users.listUsers();
  const usersById = new Map(targetUsers.map((u) => [u.id, u]));
  for (const user of await source.users.listUsers()) users.check(sameContent(usersById.get(user.id), user), `user "${user.name}"`);
  users.target = targetUsers.length;

  const tokens = new VerifyTally('api-tokens');
  const targetTokens = await target.apiTokens.listTokens();
  const tokensById = new Map(targetTokens.map((t) => [t.id, t]));
  for (const token of await source.apiTokens.listTokens()) tokens.check(sameContent(tokensById.get(token.id), token), `token ${token.id}`);
  tokens.target = targetTokens.length;

  const articles = new VerifyTally('articles');
  const terms = new VerifyTally('confidential-terms');
  const publications = new VerifyTally('publications');
  await verifyTerms(source, target, null, terms);
  await inBatches(
    slugs,
    async (slug) => {
      const [wanted, held] = await Promise.all([source.articles.get(slug), target.articles.get(slug)]);
      if (wanted) articles.check(held !== null && fingerprint(held) === fingerprint(wanted), `article ${slug}`);
      await verifyTerms(source, target, slug, terms);
      for (const publication of await source.publications.forArticle(slug)) {
        const [versions, copies] = await Promise.all([
          source.publications.versions(slug, publication.locale),
          target.publications.versions(slug, publication.locale),
        ]);
        publications.target += copies.length;
        const byNumber = new Map(copies.map((v) => [v.version, fingerprint(v)]));
        for (const v of versions) publications.check(byNumber.get(v.version) === fingerprint(v), `${slug} v${v.version} in ${v.locale}`);
        const live = (await target.publications.forArticle(slug)).find((p) => p.locale === publication.locale)?.live;
        if (live !== publication.live) publications.check(false, `${slug} in ${publication.locale}: ${publication.live ? 'not ' : ''}live`);
      }
    },
    (done) => onProgress('articles', done, slugs.length),
  );
  articles.target = (await target.articles.list()).length;

  const memory = new VerifyTally('translation-memory');
  const log = await source.translationMemory.all();
  for (let at = 0; at < log.length; at += MEMORY_BATCH) {
    const batch = log.slice(at, at + MEMORY_BATCH);
    const held = await target.translationMemory.stored(batch.map((r) => r.id));
    for (const record of batch) memory.check(held.has(record.id), `memory record ${record.id}`);
  }
  memory.target = memory.matching;

  const glossaries = new VerifyTally('glossaries');
  const targetGlossaries = await target.mt.settings.glossaries();
  for (const g of await source.mt.settings.glossaries()) {
    const copy = targetGlossaries.find((t) => t.sourceLocale === g.sourceLocale && t.targetLocale === g.targetLocale);
    glossaries.check(sameContent(copy, g), `glossary ${g.sourceLocale}>${g.targetLocale}`);
  }
  glossaries.target = targetGlossaries.length;

  const ledger = new VerifyTally('mt-ledger');
  const targetLedger = await target.mt.ledger.entries();
  const held = new Map<string, number>();
  for (const entry of targetLedger) held.set(fingerprint(entry), (held.get(fingerprint(entry)) ?? 0) + 1);
  for (const entry of await source.mt.ledger.entries()) {
    const left = held.get(fingerprint(entry)) ?? 0;
    held.set(fingerprint(entry), left - 1);
    ledger.check(left > 0, `ledger entry of ${entry.at}`);
  }
  ledger.target = targetLedger.length;

  const settings = new VerifyTally('mt-settings');
  const budget = await source.mt.settings.rerunBudget();
  if (budget) settings.check(sameContent(await target.mt.settings.rerunBudget(), budget), 're-run budget');
  for (const provider of providers) {
    const pause = await source.mt.settings.pause(provider);
    if (pause) settings.check(sameContent(await target.mt.settings.pause(provider), pause), `pause of ${provider}`);
    for (const g of targetGlossaries) {
      const remote = await source.mt.settings.remoteGlossary(provider, g.sourceLocale, g.targetLocale);
      const copy = await target.mt.settings.remoteGlossary(provider, g.sourceLocale, g.targetLocale);
      if (remote) settings.check(sameContent(copy, remote), `${provider} glossary ${g.sourceLocale}>${g.targetLocale}`);
    }
  }
  settings.target = settings.matching;

  const queue = new VerifyTally('mt-queue');
  const targetItems = await target.mt.queue.items();
  const waiting = new Set(targetItems.filter((i) => WAITING_STATES.has(i.state)).map(queueKey));
  for (const item of await source.mt.queue.items()) {
    if (WAITING_STATES.has(item.state)) queue.check(waiting.has(queueKey(item)), `MT item ${item.slug}/${item.segmentId} ${item.locale}`);
  }
  queue.target = waiting.size;

  return [users, tokens, articles, terms, publications, memory, glossaries, ledger, settings, queue].map((t) => t.report());
}

async function verifyTerms(source: Storage, target: Storage, slug: Slug | null, tally: VerifyTally): Promise<void> {
  const [wanted, held] = await Promise.all([source.mt.settings.confidentialTerms(slug), target.mt.settings.confidentialTerms(slug)]);
  tally.target += held.length;
  for (const term of wanted) {
    tally.check(
      held.some((t) => sameContent(t, term)),
      `confidential term ${slug ?? '(global)'} #${tally.source + 1}`,
    );
  }
}
