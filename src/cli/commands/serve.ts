import { LockedError } from '../../core/errors.ts';
import type { CliCommand } from '../command.ts';

/** `tandem serve`: the web server on the data directory (what `npm start` runs). */
export const serveCommand = {
  name: 'serve',
  register(program, ctx) {
    program
      .command('serve')
      .description('start the web server on the data directory; imports the sample articles when the store is empty')
      .action(async () => {
        try {
          await ctx.serve();
        } catch (error) {
          if (error instanceof LockedError) throw new LockedError(`serve: refusing to start: ${error.message}`);
          throw error;
        }
      });
  },
} satisfies CliCommand;
