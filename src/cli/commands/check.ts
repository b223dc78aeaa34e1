import { readFileSync } from 'node:fs';
import { canonicalLocale } from '../../core/locale.ts';
import type { CheckResult } from '../../core/model.ts';
import { parseSlug } from '../../core/slug.ts';
import { requireChecks } from '../../services/checks.ts';
import type { CliCommand } from '../command.ts';
import { slugArgument, targetLocaleOption } from '../options.ts';

let names: Record<string, { name?: string }> | null = null;

/** The English check name from locales/en/checks.json, or the id. */
function checkName(id: string): string {
  try {
    names ??= JSON.parse(readFileSync(new URL('../../../locales/en/checks.json', import.meta.url), 'utf8')) as Record<
      string,
      { name?: string }
    >;
  } catch {
    names = {};
  }
  return names[id]?.name ?? id;
}

function describe(detail: CheckResult['detail']): string {
  return Object.entries(detail)
    .filter(([, v]) => !(Array.isArray(v) && v.length === 0) && v !== false && v !== 0)
    .map(
      ([k, v]) =>
        `${k} ${Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ') : typeof v === 'string' ? v : JSON.stringify(v)}`,
    )
    .join('; ');
}

/** `tandem check <slug> --locale en [--json]`: quality check failures of an article's translations; exit code 1 on errors. */
export const checkCommand = {
  name: 'check',
  register(program, ctx) {
    program
      .command('check')
      .description("run the quality checks on an article's translations in one locale; exits with 1 when an error-level check fails")
      .argument('<slug>', 'the article', slugArgument)
      .requiredOption('--locale <locale>', 'target locale, e.g. en', targetLocaleOption(ctx))
      .option('--json', 'print JSON')
      .action(async (slugArg: string, options: { locale: string; json?: boolean }) => {
        const slug = parseSlug(slugArg);
        const locale = canonicalLocale(options.locale);
        const report = await ctx.withTandem('check', 'read', async (tandem) => requireChecks(tandem).checkArticle(slug, locale));
        if (report.errors > 0) ctx.setExitCode(1);
        if (options.json) return ctx.io.out(JSON.stringify(report, null, 2));
        for (const segment of report.segments) {
          if (segment.results.length === 0) continue;
          ctx.io.out(`#${segment.order + 1} ${segment.segmentId} (${segment.state})`);
          for (const r of segment.results)
            ctx.io.out(
              `  ${r.severity === 'error' ? '✗' : '!'} ${checkName(r.checkId)} [${r.checkId}, ${r.severity}]: ${describe(r.detail)}`,
            );
        }
        ctx.io.out(
          `${slug} ${locale}: ${report.segments.length} translated segments checked, ${report.errors} errors, ${report.warnings} warnings`,
        );
      });
  },
} satisfies CliCommand;
