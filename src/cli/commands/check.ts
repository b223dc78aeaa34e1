import type { Command } from 'commander';
import { canonicalLocale } from '../../core/locale.ts';
import type { CheckTranslate } from '../../core/ports/check.ts';
import { assertChecksOff, listChecks } from '../../services/check-catalogue.ts';
import { checkResultText } from '../../services/check-text.ts';
import type { CheckResultWithStatus } from '../../services/checks.ts';
import type { CliCommand, CliContext } from '../command.ts';
import { choiceOption, slugArgument, targetLocaleOption } from '../options.ts';
import { table } from '../table.ts';

interface CheckOptions {
  readonly locale?: string;
  readonly json?: boolean;
  readonly list?: boolean;
  readonly lang: string;
}

/** `tandem check --list [--locale ja] [--json]`: every check with its id, severity, name, description and whether it is off. */
function printList(ctx: CliContext, t: CheckTranslate, options: CheckOptions): void {
  const off = ctx.config().checksOff;
  assertChecksOff(ctx.checks, off);
  const locale = options.locale === undefined ? undefined : canonicalLocale(options.locale);
  const checks = listChecks(ctx.checks, off, t, locale);
  if (options.json) {
    ctx.io.out(JSON.stringify({ ...(locale ? { locale } : {}), checks }, null, 2));
    return;
  }
  const state = (c: (typeof checks)[number]) => {
    if (c.off) return t('checks:shared.off');
    return c.offFor.length ? t('checks:shared.offFor', { locales: c.offFor.join(', ') }) : t('checks:shared.on');
  };
  const rows = checks.map((c) => [c.id, t(`checks:shared.severity.${c.severity}`), state(c), `${c.name}: ${c.description}`]);
  ctx.io.out(table(rows, { gap: 2 }).join('\n'));
}

/** `✗` an open error, `!` an open warning, `–` a result someone dismissed or overrode. */
function statusMarker(r: CheckResultWithStatus): string {
  if (r.status !== 'open') return '–';
  return r.severity === 'error' ? '✗' : '!';
}

/** After a resolved result: ` — Overridden at approval by rex: “reason”`, in the output language. */
function decisionNote(r: CheckResultWithStatus, t: CheckTranslate): string {
  if (!r.decision) return '';
  return ` — ${t(`review:checks.status.${r.status}`, { by: r.decision.by })}: ${t('checks:shared.quote', { value: r.decision.reason })}`;
}

/**
 * `tandem check <slug> --locale en [--json] [--lang ko]`: quality check failures of an article's translations, each as a
 * sentence and each open, dismissed or overridden; exit code 1 while an error is open. `tandem check --list`: the checks
 * there are.
 */
export const checkCommand = {
  name: 'check',
  register(program, ctx) {
    program
      .command('check')
      .description(
        "run the quality checks on an article's translations in one locale; exits with 1 when an error-level check fails and no reviewer overrode it. With --list, list the checks",
      )
      .argument('[slug]', 'the article', slugArgument)
      .option('--locale <locale>', 'target locale, e.g. en (with --list: show which checks are off for it)', targetLocaleOption(ctx))
      .option('--json', 'print JSON')
      .option('--list', 'list every check: id, severity, name, description and whether configuration turned it off')
      .option('--lang <language>', 'language of check names and sentences: en or ko', choiceOption(['en', 'ko'] as const), 'en')
      .action(async (slugArg: string | undefined, options: CheckOptions, command: Command) => {
        const t = await ctx.translator(options.lang);
        if (options.list) return printList(ctx, t, options);
        if (slugArg === undefined) return command.error("error: missing required argument 'slug' (or use --list)");
        if (options.locale === undefined) return command.error("error: required option '--locale <locale>' not specified");
        const slug = slugArg;
        const locale = options.locale;
        const report = await ctx.withReading('check', async (services) => services.checks.checkArticle(slug, locale));
        // Only open errors fail the run: an error a reviewer overrode at approval (for this very text) is resolved.
        if (report.errors > 0) ctx.setExitCode(1);
        if (options.json) return ctx.io.out(JSON.stringify(report, null, 2));
        for (const segment of report.segments) {
          if (segment.results.length === 0) continue;
          ctx.io.out(`#${segment.order + 1} ${segment.segmentId} (${segment.state})`);
          for (const r of segment.results)
            ctx.io.out(`  ${statusMarker(r)} ${checkResultText(r, ctx.checks, t)} [${r.checkId}, ${r.severity}]${decisionNote(r, t)}`);
        }
        ctx.io.out(
          `${slug} ${locale}: ${report.segments.length} translated segments checked, ${report.errors} open errors, ${report.warnings} open warnings, ` +
            `${report.dismissed} dismissed, ${report.overridden} overridden`,
        );
      });
  },
} satisfies CliCommand;
