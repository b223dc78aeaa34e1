import type { Locale } from '../../core/locale.ts';
import { type ApiTokenListing, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from '../../services/api-tokens.ts';
import type { CliCommand } from '../command.ts';
import { integerOption, targetLocaleListOption, userNameArgument } from '../options.ts';
import { table } from '../table.ts';

interface CreateOptions {
  readonly name: string;
  readonly readOnly?: boolean;
  readonly locales?: Locale[];
  readonly days?: number;
}

/** ISO 8601 to the minute, UTC (`2026-12-01 10:40Z`), or `-`. */
function minute(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z` : '-';
}

function tokenTable(tokens: readonly ApiTokenListing[]): string {
  const rows = tokens.map((t) => [
    t.id,
    t.user ?? t.userId,
    t.name,
    `${t.readOnly ? 'read' : 'read-write'}${t.locales ? ` ${t.locales.join(',')}` : ''}`,
    t.state,
    minute(t.expiresAt),
    minute(t.lastUsedAt),
  ]);
  return table([['ID', 'USER', 'NAME', 'SCOPE', 'STATE', 'EXPIRES', 'LAST USED'], ...rows]).join('\n');
}

/** `tandem tokens create|list|revoke`: personal API tokens on the data directory (the operator acts for any user). */
export const tokensCommand = {
  name: 'tokens',
  register(program, ctx) {
    const tokens = program.command('tokens').description('personal API tokens: create, list, revoke');

    tokens
      .command('create')
      .description('make an API token for a user; prints it once (only its hash is stored)')
      .argument('<user>', 'login name of the owner; the token never does more than their role', userNameArgument)
      .requiredOption('--name <name>', 'what the token is for, e.g. "CMS import"')
      .option('--read-only', 'only GET requests')
      .option('--locales <list>', 'narrow it to these target locales, comma-separated', targetLocaleListOption(ctx))
      .option('--days <n>', `lifetime in days (1–${MAX_TOKEN_DAYS}, default ${DEFAULT_TOKEN_DAYS})`, integerOption(1, MAX_TOKEN_DAYS))
      .action(async (user: string, options: CreateOptions) => {
        const { secret, token } = await ctx.withServices('tokens create', async (services) =>
          services.apiTokens.createFor(user, {
            name: options.name,
            readOnly: options.readOnly ?? false,
            locales: options.locales ?? [],
            ...(options.days === undefined ? {} : { expiresInDays: options.days }),
          }),
        );
        ctx.io.out(`created token ${token.id} (${token.name}) for ${user}, expires ${minute(token.expiresAt)}`);
        ctx.io.out(`token: ${secret}\n(shown once; send it as "Authorization: Bearer <token>")`);
      });

    tokens
      .command('list')
      .description('list tokens (of one user, or everyone’s) with scope, state and last use; never the secrets')
      .argument('[user]', 'login name', userNameArgument)
      .option('--json', 'print JSON')
      .action(async (user: string | undefined, options: { json?: boolean }) => {
        const list = await ctx.withServices('tokens list', async (services) => services.apiTokens.listFor(user));
        if (options.json) {
          ctx.io.out(JSON.stringify(list, null, 2));
          return;
        }
        ctx.io.out(list.length === 0 ? 'No API tokens. Make one with: tandem tokens create <user> --name <name>' : tokenTable(list));
      });

    tokens
      .command('revoke')
      .description('revoke a token by its id (see tokens list); it is refused from now on')
      .argument('<id>', 'token id, e.g. t-Ab3…')
      .action(async (id: string) => {
        const token = await ctx.withServices('tokens revoke', (services) => services.apiTokens.revoke(id.trim(), 'operator'));
        ctx.io.out(`revoked ${token.id} (${token.name})`);
      });
  },
} satisfies CliCommand;
