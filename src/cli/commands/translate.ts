import cliProgress from 'cli-progress';
import type { DrainSummary } from '../../services/mt/index.ts';
import type { Locale } from '../../core/locale.ts';
import type { Slug } from '../../core/slug.ts';
import type { CliCommand } from '../command.ts';
import { slugList, targetLocaleListOption } from '../options.ts';
import { type FollowBaseline, followJobs } from './translate-follow.ts';

interface TranslateOptions {
  readonly to?: Locale[];
  readonly article?: Slug[];
  readonly all?: boolean;
  readonly resume?: boolean;
  readonly retryFailed?: boolean;
  readonly wait?: boolean;
}

const TALLY_FIGURES = ['drafts', 'memoryDrafts', 'requests', 'characters'] as const;
const NO_TALLY: { -readonly [K in keyof FollowBaseline]: number } = {
  drafts: 0,
  memoryDrafts: 0,
  requests: 0,
  characters: 0,
  failed: 0,
  retrying: 0,
};

/** Run `work` with the progress bar on stderr over `total` segments (none shown when there is nothing to do). */
async function withBar<T>(bar: cliProgress.SingleBar, total: number, work: (update: (value: number) => void) => Promise<T>): Promise<T> {
  if (total > 0) bar.start(total, 0);
  try {
    return await work((value) => {
      if (total > 0) bar.update(Math.max(0, Math.min(total, value)));
    });
  } finally {
    if (total > 0) bar.stop();
  }
}

/** `tandem translate --to en[,ja] [--article slug] [--all]`: queue machine drafts and translate them with a progress bar. */
export const translateCommand = {
  name: 'translate',
  register(program, ctx) {
    program
      .command('translate')
      .description('queue machine drafts for untranslated and stale segments and translate them')
      .option(
        '--to <locales>',
        'target locales, comma-separated (default: every target locale)',
        targetLocaleListOption(ctx, { atLeastOne: true }),
      )
      .option('--article <slug...>', 'only these articles (also comma-separated)', slugList)
      .option('--all', 'every article')
      .option('--resume', 'resume a queue paused because the MT provider quota was spent')
      .option('--retry-failed', 'queue failed items (and items waiting to be retried) again first')
      .option('--no-wait', 'only queue; the server worker translates')
      .action(async (options: TranslateOptions) => {
        await ctx.withServices('translate', async ({ mt: service }) => {
          const before = await service.status();
          if (before.state === 'off') {
            ctx.io.out(before.message);
            return;
          }
          // Through a server, the jobs this run put items of back in the queue or queued are followed, counted from here.
          const follow = { jobIds: [] as string[], since: { ...NO_TALLY }, total: 0 };
          if (options.retryFailed) {
            const { retried, jobs } = await service.retryFailedJobs();
            ctx.io.out(`${retried} failed or retrying item(s) queued again`);
            for (const { jobId, ...tally } of jobs) {
              follow.jobIds.push(jobId);
              for (const k of TALLY_FIGURES) follow.since[k] += tally[k];
            }
            follow.total += retried;
          }
          await service.recover();
          const locales = options.to ?? ctx.config().targetLocales;
          if (options.all || options.article?.length) {
            const { job, added, skipped } = await service.enqueue({
              by: 'cli',
              locales,
              ...(options.article?.length ? { slugs: options.article } : {}),
            });
            if (added > 0 && job && !follow.jobIds.includes(job.id)) {
              follow.jobIds.push(job.id);
              follow.total += added;
            }
            ctx.io.out(`queued ${added} segment translation(s)${skipped ? `, ${skipped} already queued` : ''}`);
          } else if (!options.resume && !options.retryFailed) {
            ctx.io.out('nothing selected: pass --article <slug> or --all (the queue already holding work is translated too)');
          }
          // Lifted last: beside a server its worker starts sending the moment the pause is, so a queue that was held is
          // followed whole, as a local run drains it whole, counted from just before.
          let heldQueue: Awaited<ReturnType<typeof service.workerReport>> | null = null;
          if (options.resume) {
            if (!service.drain && (before.state === 'paused' || before.state === 'unauthorized')) heldQueue = await service.workerReport();
            await service.resume();
          }
          if (options.wait === false) return;
          const bar = new cliProgress.SingleBar(
            { stream: process.stderr, format: 'translating [{bar}] {value}/{total} segments', hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          let summary: DrainSummary;
          if (service.drain) {
            const drain = service.drain.bind(service);
            const total = (await service.progress()).remaining;
            summary = await withBar(bar, total, async (update) => {
              const drained = await drain({ onProgress: () => void service.progress().then((p) => update(total - p.remaining)) });
              update(total - (await service.progress()).remaining);
              return drained;
            });
            // On PostgreSQL a `serve --role worker` process may have taken this run's items before its own drain did:
            // then the jobs' figures, which every worker stores, make the summary, once that worker is done with them.
            const settledHere = summary.drafts + summary.memoryDrafts + summary.failed + summary.retrying + summary.blocked;
            if (follow.jobIds.length > 0 && settledHere < follow.total && summary.stoppedBy === null) {
              const followed = await withBar(bar, follow.total, (update) =>
                followJobs(service, follow.jobIds, follow.since, follow.total, locales, update),
              );
              if (followed.kind === 'summary') summary = followed.summary;
            }
          } else {
            // Through a server its worker translates: follow exactly the items queued (or queued again) here, or,
            // when none were or the queue was held until now, what the queue holds (the figures counted from now, or
            // from just before the pause was lifted).
            if (heldQueue || follow.jobIds.length === 0) {
              const { remaining, drafts, memoryDrafts, requests, characters, failed, retrying } =
                heldQueue ?? (await service.workerReport());
              follow.jobIds.length = 0;
              follow.since = { drafts, memoryDrafts, requests, characters, failed, retrying };
              follow.total = remaining;
            }
            const followed = await withBar(bar, follow.total, (update) =>
              followJobs(service, follow.jobIds, follow.since, follow.total, locales, update),
            );
            if (followed.kind !== 'summary') {
              ctx.io.err(
                followed.kind === 'no-worker'
                  ? `translate: no machine-translation worker serves this server's queue (it runs as serve --role web): ${followed.remaining} item(s) wait for a worker (tandem serve --role worker on PostgreSQL, or tandem serve); follow them with tandem status`
                  : `translate: the server's worker made no progress for five minutes; ${followed.remaining} item(s) are still queued; follow them with tandem status`,
              );
              if (followed.kind === 'stalled') ctx.setExitCode(1);
              return;
            }
            summary = followed.summary;
          }
          ctx.io.out(
            `${summary.drafts} machine draft(s), ${summary.memoryDrafts} from memory, ${summary.failed} failed` +
              `${summary.retrying > 0 ? `, ${summary.retrying} to be retried later` : ''}` +
              `${summary.blocked > 0 ? `, ${summary.blocked} waiting for a glossary` : ''}; ` +
              `${summary.requests} request(s), ${summary.characters} characters sent`,
          );
          // A pair whose glossary the provider refused is not translated without it: say so, and fail the run.
          for (const b of summary.blockedGlossaries) {
            ctx.io.err(
              `translate: ${b.sourceLocale} → ${b.targetLocale} was not translated: its glossary could not be uploaded: ${b.reason}. ` +
                `Fix the glossary, import it again (tandem glossary import <csv> --from ${b.sourceLocale} --to ${b.targetLocale}) and translate again`,
            );
          }
          if (summary.blockedGlossaries.length > 0) ctx.setExitCode(1);
          if (summary.stoppedBy || summary.failed > 0) {
            const status = await service.status();
            ctx.io.err(
              summary.failed > 0 && !summary.stoppedBy
                ? `translate: ${summary.failed} item(s) failed; retry with --retry-failed`
                : `translate: ${status.message}`,
            );
            ctx.setExitCode(1);
          }
        });
      });
  },
} satisfies CliCommand;
