import type { CliCommand } from '../command.ts';
import { table } from '../table.ts';
import { isoDayOption } from '../options.ts';

/** `tandem usage [--json] [--since 2026-01-01]`: machine translation characters sent and billed, with the provider's own figures. */
export const usageCommand = {
  name: 'usage',
  register(program, ctx) {
    program
      .command('usage')
      .description('characters sent to machine translation per day, locale, article and job, and the provider quota')
      .option('--since <date>', 'only from this day (YYYY-MM-DD)', isoDayOption)
      .option('--json', 'print JSON')
      .action(async (options: { since?: string; json?: boolean }) => {
        const report = await ctx.withReading('usage', async (services) => services.usage.report(options.since));
        if (options.json) return ctx.io.out(JSON.stringify(report, null, 2));
        const t = report.total;
        ctx.io.out(`total: ${t.requests} request(s), ${t.characters} characters sent, ${t.billedCharacters} billed`);
        for (const [label, rows] of [
          ['by day', report.byDay],
          ['by locale', report.byLocale],
        ] as const) {
          ctx.io.out(`${label}:`);
          const cells = rows.map((r) => [r.key, String(r.characters), 'sent', String(r.billedCharacters), 'billed']);
          for (const line of table(cells, { align: ['left', 'right', 'left', 'right'], minWidths: [12, 10, 4, 10] }))
            ctx.io.out(`  ${line}`);
        }
        if (report.provider) {
          ctx.io.out(
            `${report.provider.id} this period: ${report.provider.characterCount} of ${report.provider.characterLimit} characters`,
          );
        } else if (report.providerError) ctx.io.out(`provider usage unavailable: ${report.providerError}`);
      });
  },
} satisfies CliCommand;
