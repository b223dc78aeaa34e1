import type { Locale } from '../../core/locale.ts';
import { ROLES, type Role } from '../../core/roles.ts';
import type { UserView } from '../../services/remote-services.ts';
import type { CliCommand } from '../command.ts';
import { table } from '../table.ts';
import { ValidationError } from '../../core/errors.ts';
import { roleArgument, targetLocaleListOption, userNameArgument } from '../options.ts';

interface AddOptions {
  readonly role: Role;
  readonly locales?: Locale[];
  readonly passwordStdin?: boolean;
}

/** First line of standard input (`echo "$PW" | tandem users add …`), so passwords never appear in argv or history. */
async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new ValidationError('users: --password-stdin expects the password piped in, e.g. printf "%s" "$PW" | tandem users add …');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  const [first = ''] = Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
  return first;
}

/** The account table: name, role and locales in columns aligned by display width. */
function userTable(list: readonly UserView[]): string {
  const rows = list.map((user) => [user.name, user.role, user.locales.length > 0 ? user.locales.join(',') : '-']);
  return table([['NAME', 'ROLE', 'LOCALES'], ...rows], { minWidths: [20, 11] }).join('\n');
}

/** `tandem users add|list|set-role|set-locales|reset-password`: account management on the data directory. */
export const usersCommand = {
  name: 'users',
  register(program, ctx) {
    const users = program.command('users').description('manage accounts: add, list, set-role, set-locales, reset-password');

    users
      .command('add')
      .description('create an account; prints a generated password unless --password-stdin is given')
      .argument('<name>', 'login name (2–32 lowercase letters, digits, . _ -)', userNameArgument)
      .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, roleArgument)
      .option('--locales <list>', 'target locales the user works on, comma-separated (e.g. en,ja)', targetLocaleListOption(ctx))
      .option('--password-stdin', 'read the password from the first line of standard input')
      .action(async (name: string, options: AddOptions) => {
        const password = options.passwordStdin ? await readPasswordFromStdin() : undefined;
        const locales = options.locales ?? [];
        const { user, generatedPassword } = await ctx.withServices('users add', (services) =>
          services.users.add({ name, role: options.role, locales, ...(password === undefined ? {} : { password }) }),
        );
        ctx.io.out(`created ${user.name} (${user.role}${user.locales.length > 0 ? `; ${user.locales.join(', ')}` : ''})`);
        if (generatedPassword) ctx.io.out(`password: ${generatedPassword}\n(shown once; give it to ${user.name} privately)`);
      });

    users
      .command('list')
      .description('list accounts with role and locales')
      .option('--json', 'print JSON')
      .action(async (options: { json?: boolean }) => {
        const list = await ctx.withReading('users list', (services) => services.users.list());
        if (options.json) {
          ctx.io.out(
            JSON.stringify(
              list.map(({ id, name, role, locales, createdAt, updatedAt }) => ({ id, name, role, locales, createdAt, updatedAt })),
              null,
              2,
            ),
          );
          return;
        }
        if (list.length === 0) {
          ctx.io.out('No users yet. Start the server once (it creates admin) or run: tandem users add <name> --role admin');
          return;
        }
        ctx.io.out(userTable(list));
      });

    users
      .command('set-role')
      .description('change the role of an account')
      .argument('<name>', 'login name', userNameArgument)
      .argument('<role>', `one of ${ROLES.join(', ')}`, roleArgument)
      .action(async (name: string, role: Role) => {
        const user = await ctx.withServices('users set-role', (services) => services.users.setRole(name, role));
        ctx.io.out(`${user.name} is now ${user.role}`);
      });

    users
      .command('set-locales')
      .description('change the target locales an account works on')
      .argument('<name>', 'login name', userNameArgument)
      .argument('<locales>', 'comma-separated locales, e.g. en,ja (empty string for none)', targetLocaleListOption(ctx))
      .action(async (name: string, locales: Locale[]) => {
        const user = await ctx.withServices('users set-locales', (services) => services.users.setLocales(name, locales));
        ctx.io.out(`${user.name} works on ${user.locales.length > 0 ? user.locales.join(', ') : 'no locales'}`);
      });

    users
      .command('reset-password')
      .description('set a new password (generated and printed unless --password-stdin) and end the user’s sessions')
      .argument('<name>', 'login name', userNameArgument)
      .option('--password-stdin', 'read the password from the first line of standard input')
      .action(async (name: string, options: { passwordStdin?: boolean }) => {
        const password = options.passwordStdin ? await readPasswordFromStdin() : undefined;
        const { user, generatedPassword } = await ctx.withServices('users reset-password', (services) =>
          services.users.resetPassword(name, password),
        );
        ctx.io.out(`password of ${user.name} reset; their sessions have ended`);
        if (generatedPassword) ctx.io.out(`password: ${generatedPassword}\n(shown once; give it to ${user.name} privately)`);
      });
  },
} satisfies CliCommand;
