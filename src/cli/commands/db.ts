import type { CliCommand } from '../command.ts';

/** `tandem db migrate`: bring the PostgreSQL database (TANDEM_DATABASE_URL) up to this version's schema. */
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
  },
} satisfies CliCommand;
