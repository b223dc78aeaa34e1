import type { CliCommand } from '../command.ts';
import { formatLowdbImport, progressLine } from './db-import-output.ts';

/** `tandem db migrate` and `tandem db import-lowdb`: the PostgreSQL database (TANDEM_DATABASE_URL). */
export const dbCommand = {
  name: 'db',
  register(program, ctx) {
    const db = program.command('db').description('manage the PostgreSQL database (TANDEM_DATABASE_URL)');
    db.command('migrate')
      .description('apply the schema migrations this version needs (each in its own transaction); safe to run again')
      .action(async () => {
        const { applied, version } = await ctx.migrateDatabase();
        for (const file of applied) ctx.io.out(`Applied ${file}`);
        ctx.io.out(
          applied.length === 0
            ? `The database schema is up to date (version ${version}).`
            : `The database schema is now at version ${version} (${applied.length} migration${applied.length === 1 ? '' : 's'} applied).`,
        );
      });
    db.command('import-lowdb')
      .description(
        'copy a lowdb data directory (stopped server) into the database, then verify it; safe to run again, never writes into the directory',
      )
      .argument('<data-dir>', 'the data directory to copy (TANDEM_DATA_DIR of the lowdb installation)')
      .action(async (dir: string) => {
        const result = await ctx.importLowdb(
          dir,
          progressLine((line) => ctx.io.err(line)),
        );
        const { lines, ok } = formatLowdbImport(result);
        ctx.io.out(lines.join('\n'));
        if (!ok) ctx.setExitCode(1);
      });
  },
} satisfies CliCommand;
