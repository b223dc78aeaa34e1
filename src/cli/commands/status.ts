import { TRANSLATION_STATES } from '../../core/model.ts';
import type { PublicationStatus } from '../../services/publish.ts';
import type { ArticleStatus } from '../../services/status.ts';
import type { MtStatus } from '../../services/mt/index.ts';
import type { CliCommand } from '../command.ts';
import { pad } from '../table.ts';
import { slugArgument } from '../options.ts';

interface StatusOptions {
  readonly json?: boolean;
}

/** `tandem status [slug]`: articles with per-locale counts of segments by translation state. */
export const statusCommand = {
  name: 'status',
  register(program, ctx) {
    program
      .command('status')
      .description('show every article (or one) with per-locale counts of segments by state')
      .argument('[slug]', 'only this article', slugArgument)
      .option('--json', 'print JSON')
      .action(async (slug: string | undefined, options: StatusOptions) => {
        const { rows, mt } = await ctx.withTandem('status', 'read', async (tandem) => {
          const statuses = slug === undefined ? await tandem.articles.allStatus() : [await tandem.articles.status(slug)];
          const rows: StatusRow[] = [];
          for (const status of statuses) rows.push({ ...status, publications: await tandem.publish.publicationStatus(status.slug) });
          return { rows, mt: await tandem.mt.status() };
        });
        if (options.json) {
          ctx.io.out(JSON.stringify(slug === undefined ? { articles: rows, machineTranslation: mt } : rows[0], null, 2));
          return;
        }
        if (slug === undefined) ctx.io.out(describeMt(mt));
        if (rows.length === 0) {
          ctx.io.out('No articles yet. Import some with: tandem import content/ko');
          return;
        }
        ctx.io.out(rows.map(describe).join('\n\n'));
      });
  },
} satisfies CliCommand;

interface StatusRow extends ArticleStatus {
  readonly publications: readonly PublicationStatus[];
}

function describeMt(mt: MtStatus): string {
  const { queue } = mt;
  const waiting =
    queue.queued + queue.inFlight + queue.failed > 0
      ? ` (queue: ${queue.queued} queued, ${queue.inFlight} in flight, ${queue.failed} failed)`
      : '';
  return `Machine translation: ${mt.message}${waiting}\n`;
}

function describe(status: StatusRow): string {
  const lines = [
    `${status.slug}  ${status.title}`,
    `  ${status.sourceLocale}, revision ${status.sourceRevision}, ${status.segmentCount} segments, updated ${status.updatedAt}`,
  ];
  for (const l of status.locales) {
    const counts = TRANSLATION_STATES.filter((s) => l.counts[s] > 0).map((s) => `${l.counts[s]} ${s}`);
    const published = status.publications.find((p) => p.locale === l.locale);
    lines.push(
      `  ${pad(l.locale, 8)}${pad(String(Math.round(l.progress * 100)), 3, 'right')}% approved  ${counts.join(', ') || 'no segments'}` +
        (published ? `  | ${describePublication(published)}` : ''),
    );
  }
  return lines.join('\n');
}

function describePublication(p: PublicationStatus): string {
  const state = p.live ? `published v${p.latestVersion}` : `unpublished (v${p.latestVersion} kept)`;
  if (!p.outdated) return `${state}, current`;
  return `${state}, outdated: ${p.segmentsBehind} segment${p.segmentsBehind === 1 ? '' : 's'} behind source revision ${p.currentSourceRevision}`;
}
