import { InvalidArgumentError } from 'commander';
import { LockedError } from '../../core/errors.ts';
import { type CliCommand, SERVE_ROLES, type ServeRole } from '../command.ts';

function roleOption(raw: string): ServeRole {
  if (!(SERVE_ROLES as readonly string[]).includes(raw)) throw new InvalidArgumentError(`use one of ${SERVE_ROLES.join(', ')}`);
  return raw as ServeRole;
}

/** `tandem serve`: the web server on the data directory (what `npm start` runs), or with `--role` one half of it. */
export const serveCommand = {
  name: 'serve',
  register(program, ctx) {
    program
      .command('serve')
      .description('start the web server on the data directory; imports the sample articles when the store is empty')
      .option(
        '--role <role>',
        'web: HTTP only; worker: machine translation and other background duties, no HTTP (needs TANDEM_DATABASE_URL); all: both',
        roleOption,
        'all' as ServeRole,
      )
      .action(async (options: { readonly role: ServeRole }) => {
        try {
          await ctx.serve(options.role);
        } catch (error) {
          if (error instanceof LockedError) throw new LockedError(`serve: refusing to start: ${error.message}`);
          throw error;
        }
      });
  },
} satisfies CliCommand;
