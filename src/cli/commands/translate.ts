import cliProgress from 'cli-progress';
import type { Locale } from '../../core/locale.ts';
import type { Slug } from '../../core/slug.ts';
import type { CliCommand } from '../command.ts';
import { slugList, targetLocaleListOption } from '../options.ts';

interface TranslateOptions {
  readonly to?: Locale[];
  readonly article?: Slug[];
  readonly all?: boolean;
  readonly resume?: boolean;
  readonly retryFailed?: boolean;
  readonly wait?: boolean;
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
        await ctx.withTandem('translate', 'write', async (tandem) => {
          const service = tandem.mt;
          const before = await service.status();
          if (before.state === 'off') {
            ctx.io.out(before.message);
            return;
          }
          if (options.resume) await service.resume();
          if (options.retryFailed) ctx.io.out(`${await service.retryFailed()} failed or retrying item(s) queued again`);
          await service.recover();
          if (options.all || options.article?.length) {
            const { added, skipped } = await service.enqueue({
              by: 'cli',
              ...(options.to ? { locales: options.to } : {}),
              ...(options.article?.length ? { slugs: options.article } : {}),
            });
            ctx.io.out(`queued ${added} segment translation(s)${skipped ? `, ${skipped} already queued` : ''}`);
          } else if (!options.resume && !options.retryFailed) {
            ctx.io.out('nothing selected: pass --article <slug> or --all (the queue already holding work is translated too)');
          }
          if (options.wait === false) return;
          const start = await service.progress();
          const total = start.remaining;
          const bar = new cliProgress.SingleBar(
            { stream: process.stderr, format: 'translating [{bar}] {value}/{total} segments', hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          if (total > 0) bar.start(total, 0);
          const summary = await service.drain({
            onProgress: () => {
              void service.progress().then((p) => bar.update(Math.max(0, total - p.remaining)));
            },
          });
          if (total > 0) {
            bar.update(total - (await service.progress()).remaining);
            bar.stop();
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
