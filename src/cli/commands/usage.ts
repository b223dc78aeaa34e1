import { usageReport } from '../../services/usage.ts';
import { requireMt } from '../../services/mt/index.ts';
import type { CliCommand } from '../command.ts';

/** `tandem usage [--json] [--since 2026-01-01]`: machine translation characters sent and billed, with the provider's own figures. */
export const usageCommand = {
  name: 'usage',
  register(program, ctx) {
    program
      .command('usage')
      .description('characters sent to machine translation per day, locale, article and job, and the provider quota')
      .option('--since <date>', 'only from this day (YYYY-MM-DD)')
      .option('--json', 'print JSON')
      .action(async (options: { since?: string; json?: boolean }) => {
        const report = await ctx.withTandem('usage', 'read', async (tandem) => {
          const { service, store } = requireMt(tandem);
          return usageReport({ ledger: store.ledger, provider: service.provider }, options.since);
        });
        if (options.json) return ctx.io.out(JSON.stringify(report, null, 2));
        const t = report.total;
        ctx.io.out(`total: ${t.requests} request(s), ${t.characters} characters sent, ${t.billedCharacters} billed`);
        for (const [label, rows] of [['by day', report.byDay], ['by locale', report.byLocale]] as const) {
          ctx.io.out(`${label}:`);
          for (const r of rows) ctx.io.out(`  ${r.key.padEnd(12)} ${String(r.characters).padStart(10)} sent ${String(r.billedCharacters).padStart(10)} billed`);
        }
        if (report.provider) {
          ctx.io.out(`${report.provider.id} this period: ${report.provider.characterCount} of ${report.provider.characterLimit} characters`);
        } else if (report.providerError) ctx.io.out(`provider usage unavailable: ${report.providerError}`);
      });
  },
} satisfies CliCommand;
