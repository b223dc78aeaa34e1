import { TRANSLATION_STATES } from '../../core/model.ts';
import { allStatus, articleStatus, type ArticleStatus } from '../../services/status.ts';
import type { CliCommand } from '../command.ts';

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
      .argument('[slug]', 'only this article')
      .option('--json', 'print JSON')
      .action(async (slug: string | undefined, options: StatusOptions) => {
        const rows = await ctx.withTandem('status', 'read', async (tandem) =>
          slug === undefined ? allStatus(tandem.deps) : [await articleStatus(tandem.deps, slug)],
        );
        if (options.json) {
          ctx.io.out(JSON.stringify(slug === undefined ? rows : rows[0], null, 2));
          return;
        }
        if (rows.length === 0) {
          ctx.io.out('No articles yet. Import some with: tandem import content/ko');
          return;
        }
        ctx.io.out(rows.map(describe).join('\n\n'));
      });
  },
} satisfies CliCommand;

function describe(status: ArticleStatus): string {
  const lines = [
    `${status.slug}  ${status.title}`,
    `  ${status.sourceLocale}, revision ${status.sourceRevision}, ${status.segmentCount} segments, updated ${status.updatedAt}`,
  ];
  for (const l of status.locales) {
    const counts = TRANSLATION_STATES.filter((s) => l.counts[s] > 0).map((s) => `${l.counts[s]} ${s}`);
    lines.push(`  ${l.locale.padEnd(8)}${String(Math.round(l.progress * 100)).padStart(3)}% approved  ${counts.join(', ') || 'no segments'}`);
  }
  return lines.join('\n');
}
