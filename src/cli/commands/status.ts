import { type Command, Option } from 'commander';
import { TRANSLATION_STATES } from '../../core/model.ts';
import type { PublicationStatus } from '../../services/publish.ts';
import type { MtFailureReason } from '../../core/ports/mt-store.ts';
import type { MtArticleProgress, MtReasonCount, MtStatus } from '../../services/mt/index.ts';
import { STATUS_PAGE_MAX, STATUS_PAGE_SIZE } from '../../services/status-page.ts';
import type { StatusListing, StatusRow } from '../../services/status-report.ts';
import type { CliCommand } from '../command.ts';
import { pad } from '../table.ts';
import { integerOption, slugArgument } from '../options.ts';

interface StatusOptions {
  readonly json?: boolean;
  readonly cursor?: string;
  readonly limit?: number;
  readonly all?: boolean;
}

/**
 * `tandem status [slug]`: articles with per-locale counts of segments by translation state. Without a slug, the
 * archive's totals and one page of articles, newest first, like the API's listings: `--cursor` the next page, `--all`
 * every article (a 5,000-article archive printed whole is 7 MB of JSON).
 */
export const statusCommand = {
  name: 'status',
  register(program, ctx) {
    program
      .command('status')
      .description(
        `show the totals and a page of articles (newest first; ${STATUS_PAGE_SIZE} by default), or one article, with per-locale counts of segments by state`,
      )
      .argument('[slug]', 'only this article', slugArgument)
      .option('--json', 'print JSON')
      .option('--cursor <cursor>', 'the page after the one that printed this cursor ("next")')
      .addOption(
        new Option('--limit <n>', `articles on the page (1–${STATUS_PAGE_MAX}, default ${STATUS_PAGE_SIZE})`)
          .argParser(integerOption(1, STATUS_PAGE_MAX))
          .conflicts('all'),
      )
      .addOption(new Option('--all', 'every article on one page').conflicts('cursor'))
      .action(async (slug: string | undefined, options: StatusOptions, command: Command) => {
        if (slug !== undefined && (options.cursor !== undefined || options.limit !== undefined || options.all)) {
          return command.error('error: --cursor, --limit and --all page the list of articles; leave them out with a slug');
        }
        if (slug !== undefined) {
          const row = await ctx.withReading('status', (services) => services.status.article(slug));
          ctx.io.out(options.json ? JSON.stringify(row, null, 2) : describe(row));
          return;
        }
        const query = {
          ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
          ...(options.all ? { limit: 'all' as const } : options.limit === undefined ? {} : { limit: options.limit }),
        };
        const listing = await ctx.withReading('status', (services) => services.status.listing(query));
        if (options.json) {
          ctx.io.out(JSON.stringify(listing, null, 2));
          return;
        }
        ctx.io.out(describeMt(listing.machineTranslation));
        if (listing.total === 0) {
          ctx.io.out('No articles yet. Import some with: tandem import content/ko');
          return;
        }
        ctx.io.out(describeTotals(listing));
        if (listing.articles.length > 0) ctx.io.out(listing.articles.map(describe).join('\n\n'));
        if (listing.next !== null) ctx.io.out(`\nMore articles: tandem status --cursor ${listing.next} (or --all for every one)`);
      });
  },
} satisfies CliCommand;

/** `5000 articles; approved: en 83%, ja 61%, zh-Hans 60%` and what the page shows. */
function describeTotals(listing: StatusListing): string {
  const approved = listing.totals.locales.map((l) => `${l.locale} ${Math.round(l.progress * 100)}%`).join(', ');
  const shown = listing.articles.length === listing.total ? '' : `; ${listing.articles.length} shown below`;
  return `${listing.total} article${listing.total === 1 ? '' : 's'}${approved ? `; approved: ${approved}` : ''}${shown}\n`;
}

/** Why a machine translation failed, for people (the web UI says the same through i18next). */
const REASONS: Readonly<Record<MtFailureReason, string>> = {
  'rate-limited': 'too many requests to the provider',
  unavailable: 'the provider was unavailable',
  timeout: 'the provider did not answer in time',
  connection: 'the provider could not be reached',
  malformed: 'the provider answered something unreadable',
  refused: 'the provider refused the request',
  unknown: 'an unexpected failure',
};

function describeMt(mt: MtStatus): string {
  const { queue } = mt;
  const waiting =
    queue.queued + queue.inFlight + queue.retrying + queue.failed > 0
      ? ` (queue: ${queue.queued} queued, ${queue.inFlight} in flight, ${queue.retrying} retrying, ${queue.failed} failed)`
      : '';
  const check =
    mt.keyCheck.state === 'not-checked' ? '' : `\nKey check: ${mt.keyCheck.state}${mt.keyCheck.at ? ` at ${mt.keyCheck.at}` : ''}`;
  return `Machine translation: ${mt.message}${waiting}${check}\n`;
}

function reasons(list: readonly MtReasonCount[]): string {
  return list.map((r) => `${REASONS[r.reason]}${list.length > 1 ? ` ×${r.count}` : ''}`).join('; ');
}

/** `MT: 2 queued, 3 retrying (next at …: the provider was unavailable), 1 failed (…)`, or '' when nothing waits. */
function describeProgress(p: MtArticleProgress | undefined): string {
  if (!p) return '';
  const parts = [
    ...(p.queued + p.inFlight > 0 ? [`${p.queued + p.inFlight} queued`] : []),
    ...(p.retrying > 0 ? [`${p.retrying} retrying (next at ${p.nextRetryAt}: ${reasons(p.retryingReasons)})`] : []),
    ...(p.failed > 0 ? [`${p.failed} failed (${reasons(p.failedReasons)}; retry with tandem translate --retry-failed)`] : []),
  ];
  return parts.length ? `\n            MT: ${parts.join(', ')}` : '';
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
        (published ? `  | ${describePublication(published)}` : '') +
        describeProgress(status.machineTranslation.find((p) => p.locale === l.locale)),
    );
  }
  return lines.join('\n');
}

function describePublication(p: PublicationStatus): string {
  const state = p.live ? `published v${p.latestVersion}` : `unpublished (v${p.latestVersion} kept)`;
  if (!p.outdated) return `${state}, current`;
  return `${state}, outdated: ${p.segmentsBehind} segment${p.segmentsBehind === 1 ? '' : 's'} behind source revision ${p.currentSourceRevision}`;
}
