import type { CliCommand } from '../command.ts';
import { slugArgument } from '../options.ts';

/** `tandem confidential add|remove|list`: names that never leave the newsroom (masked before machine translation). */
export const confidentialCommand = {
  name: 'confidential',
  register(program, ctx) {
    const cmd = program.command('confidential').description('confidential terms: masked before any text goes to machine translation');
    cmd
      .command('add')
      .argument('<term>', 'the name or term, e.g. 김철민')
      .option('--article <slug>', 'only for this article (global otherwise)', slugArgument)
      .option('--render <text>', 'what translations show instead, e.g. "a source"')
      .action(async (term: string, options: { article?: string; render?: string }) => {
        const record = await ctx.withServices('confidential', async (services) =>
          services.confidential.add({
            term,
            by: 'cli',
            ...(options.article ? { slug: options.article } : {}),
            ...(options.render ? { render: options.render } : {}),
          }),
        );
        ctx.io.out(
          `confidential term added${options.article ? ` for ${options.article}` : ' (global)'}${record.render ? `, shown as "${record.render}"` : ''}`,
        );
      });
    cmd
      .command('remove')
      .argument('<term>')
      .option('--article <slug>', 'from this article’s list', slugArgument)
      .action(async (term: string, options: { article?: string }) => {
        const removed = await ctx.withServices('confidential', async (services) => services.confidential.remove(term, options.article));
        if (!removed) {
          ctx.io.err('confidential: no such term on that list');
          ctx.setExitCode(1);
        } else ctx.io.out('removed');
      });
    cmd
      .command('list')
      .option('--article <slug>', 'also this article’s own terms', slugArgument)
      .option('--json', 'print JSON')
      .action(async (options: { article?: string; json?: boolean }) => {
        const lists = await ctx.withReading('confidential', async (services) => services.confidential.list(options.article));
        if (options.json) return ctx.io.out(JSON.stringify(lists, null, 2));
        // Terms are printed: this is the newsroom's own terminal, the list exists to be reviewed by editors.
        for (const [label, list] of [
          ['global', lists.global],
          ['article', lists.article],
        ] as const) {
          if (label === 'article' && !options.article) continue;
          ctx.io.out(
            `${label}: ${list.length === 0 ? 'none' : list.map((t) => (t.render ? `${t.term} → ${t.render}` : t.term)).join(', ')}`,
          );
        }
      });
  },
} satisfies CliCommand;
