import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { VersionView } from '../../services/remote-services.ts';
import type { CliCommand, CliContext } from '../command.ts';
import { actorNameOption, anyLocaleOption, each, releaseTimeOption, slugArgument, versionOption } from '../options.ts';

interface LocaleOptions {
  readonly locale: string;
  readonly by?: string;
  readonly json?: boolean;
}

interface PublishOptions extends LocaleOptions {
  readonly at?: string;
}

interface VersionsOptions extends LocaleOptions {
  readonly show?: number;
  readonly diff?: number[];
}

/** The order `--json` lists a version's fields in, whether it was read from the data directory or a server's API. */
const VERSION_FIELDS = [
  'slug',
  'locale',
  'version',
  'publishedBy',
  'publishedAt',
  'sourceLocale',
  'sourceRevision',
  'title',
  'description',
  'date',
  'machineAssisted',
  'releaseAt',
  'replaces',
] as const;

/**
 * A version without its document and segments (a server's API sends it without them), its fields in one order
 * (VERSION_FIELDS, then any other).
 */
function versionJson(version: VersionView): Record<string, unknown> {
  const fields = Object.entries(version).filter(([key]) => key !== 'document' && key !== 'segments');
  const rank = (key: string) => {
    const at = (VERSION_FIELDS as readonly string[]).indexOf(key);
    return at === -1 ? VERSION_FIELDS.length : at;
  };
  return Object.fromEntries(fields.sort(([a], [b]) => rank(a) - rank(b)));
}

function actor(options: LocaleOptions) {
  const name = options.by?.trim() || safeUserName();
  return { name, role: 'editor' };
}

function safeUserName(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

function registerPublish(ctx: CliContext, program: Parameters<CliCommand['register']>[0]): void {
  program
    .command('publish')
    .description(
      'publish an article in a target locale (every segment must be approved); writes <publish dir>/<locale>/<slug>.md. ' +
        'With TANDEM_SOURCE_RELEASE=manual, --locale <source locale> releases the original',
    )
    .argument('<slug>', 'the article', slugArgument)
    .requiredOption('--locale <locale>', 'the target locale to publish (e.g. en)', anyLocaleOption(ctx))
    .option(
      '--at <time>',
      'release at this time instead of now: ISO 8601 with Z or an offset (e.g. 2026-12-01T09:00:00Z)',
      releaseTimeOption,
    )
    .option('--by <name>', 'who publishes (recorded with the version)', actorNameOption)
    .option('--json', 'print JSON')
    .action(async (slug: string, options: PublishOptions) => {
      const { locale } = options;
      const input = { slug, locale, actor: actor(options), ...(options.at !== undefined ? { at: options.at } : {}) };
      const result = await ctx.withServices('publish', (services) => services.publish.publish(input));
      const { version } = result;
      if (options.json) {
        ctx.io.out(JSON.stringify({ status: result.status, ...versionJson(version) }, null, 2));
        return;
      }
      const release = version.releaseAt !== undefined ? `, readers see it from ${version.releaseAt}` : '';
      ctx.io.out(
        result.status === 'published'
          ? `${version.releaseAt !== undefined ? 'scheduled' : 'published'} ${version.slug} in ${version.locale} as v${version.version} (source revision ${version.sourceRevision}${release})`
          : `unchanged ${version.slug} in ${version.locale}: v${version.version} already says this${release}`,
      );
    });
}

function registerUnpublish(ctx: CliContext, program: Parameters<CliCommand['register']>[0]): void {
  program
    .command('unpublish')
    .description('take a locale of an article off the reader site and the publish tree; its versions stay')
    .argument('<slug>', 'the article', slugArgument)
    .requiredOption('--locale <locale>', 'the target locale to unpublish (e.g. en)', anyLocaleOption(ctx))
    .option('--by <name>', 'who unpublishes', actorNameOption)
    .action(async (slug: string, options: LocaleOptions) => {
      const { locale } = options;
      const changed = await ctx.withServices('unpublish', (services) =>
        services.publish.unpublish({ slug, locale, actor: actor(options) }),
      );
      ctx.io.out(changed ? `unpublished ${slug} in ${locale}` : `${slug} was not live in ${locale}; nothing to unpublish`);
    });
}

function registerVersions(ctx: CliContext, program: Parameters<CliCommand['register']>[0]): void {
  program
    .command('versions')
    .description('list the published versions of an article in a locale, show one, or diff two')
    .argument('<slug>', 'the article', slugArgument)
    .requiredOption('--locale <locale>', 'the target locale (e.g. en)', anyLocaleOption(ctx))
    .option('--show <version>', 'print the full document of one version', versionOption)
    .option('--diff <versions...>', 'print a unified diff between two versions (e.g. --diff 1 2)', each(versionOption))
    .option('--json', 'print JSON')
    .action(async (slug: string, options: VersionsOptions, command: Command) => {
      const { locale } = options;
      if (options.diff && options.diff.length !== 2) command.error('error: --diff takes two versions, e.g. --diff 1 2');
      await ctx.withReading('versions', async ({ publish }) => {
        if (options.diff) {
          const [a, b] = options.diff as [number, number];
          const diff = await publish.diff(slug, locale, a, b);
          ctx.io.out(options.json ? JSON.stringify(diff, null, 2) : diff.patch.trimEnd());
          return;
        }
        if (options.show !== undefined) {
          const version = await publish.version(slug, locale, options.show);
          const json = { ...versionJson(version), document: version.document, segments: version.segments };
          ctx.io.out(options.json ? JSON.stringify(json, null, 2) : version.document.trimEnd());
          return;
        }
        const versions = await publish.versions(slug, locale);
        if (options.json) {
          ctx.io.out(JSON.stringify(versions.map(versionJson), null, 2));
          return;
        }
        if (versions.length === 0) {
          ctx.io.out(`${slug} was never published in ${locale}; publish it with: tandem publish ${slug} --locale ${locale}`);
          return;
        }
        const release = (v: (typeof versions)[number]) => (v.releaseAt !== undefined ? `  release ${v.releaseAt}` : '');
        ctx.io.out(
          versions
            .map(
              (v) => `v${v.version}  ${v.publishedAt}${release(v)}  by ${v.publishedBy}  source revision ${v.sourceRevision}  ${v.title}`,
            )
            .join('\n'),
        );
      });
    });
}

/** `tandem publish`, `tandem unpublish` and `tandem versions`: publishing per locale from the command line. */
export const publishCommand = {
  name: 'publish',
  register(program, ctx) {
    registerPublish(ctx, program);
    registerUnpublish(ctx, program);
    registerVersions(ctx, program);
  },
} satisfies CliCommand;
