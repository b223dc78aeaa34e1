import { ConfigError } from '../../core/errors.ts';
import type { CliCommand } from '../command.ts';

/**
 * `tandem feed poll [--json]`: poll the configured feed once (TANDEM_FEED_URL) under the poller's feed duty (beside a
 * running server, through its API), import what is new or changed and
 * print one line per item; exit code 1 when an item could not be imported or the feed could not be fetched.
 */
export const feedCommand = {
  name: 'feed',
  register(program, ctx) {
    const feed = program.command('feed').description('the RSS or Atom feed of the source site (TANDEM_FEED_URL)');
    feed
      .command('poll')
      .description('fetch the feed once and import new and updated articles')
      .option('--json', 'print JSON')
      .action(async (options: { json?: boolean }) => {
        const report = await ctx.withServices('feed poll', async ({ feed }) => {
          if (!feed) throw new ConfigError('feed: no feed is configured; set TANDEM_FEED_URL to the RSS or Atom feed of the source site');
          return feed.pollOnce();
        });
        if (report.outcomes.some((o) => o.status === 'failed')) ctx.setExitCode(1);
        if (options.json) return ctx.io.out(JSON.stringify(report, null, 2));
        if (report.status === 'not-modified') return ctx.io.out(`${report.url}: not modified since the last poll`);
        for (const o of report.outcomes) {
          ctx.io.out(o.status === 'failed' ? `failed     ${o.itemId}: ${o.message}` : `${o.status.padEnd(10)} ${o.slug} (${o.itemId})`);
        }
        ctx.io.out(`${report.outcomes.length} item(s) imported or tried, ${report.skipped} unchanged since the last poll`);
      });
  },
} satisfies CliCommand;
