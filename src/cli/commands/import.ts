import { userInfo } from 'node:os';
import { NotFoundError } from '../../core/errors.ts';
import type { ImportOutcome } from '../../services/import-article.ts';
import type { CliCommand } from '../command.ts';
import { describeError, EXIT_FAILURE } from '../errors.ts';
import { actorNameOption, slugArgument } from '../options.ts';

interface ImportOptions {
  readonly json?: boolean;
  readonly slug?: string;
  readonly by?: string;
}

/** `tandem import <paths...>`: import or re-import articles; one report line per file, errors on stderr. */
export const importCommand = {
  name: 'import',
  register(program, ctx) {
    program
      .command('import')
      .description('import new articles or new revisions of stored ones (Markdown, HTML or text files, or folders of them)')
      .argument('<paths...>', 'files or folders (folders are searched recursively)')
      .option(
        '--slug <slug>',
        'store the article under this slug (one file only; default: front matter slug, else the file name)',
        slugArgument,
      )
      .option('--by <name>', 'who is importing, recorded in history (default: cli:<your user name>)', actorNameOption)
      .option('--json', 'print the outcome of every file as JSON')
      .action(async (paths: string[], options: ImportOptions) => {
        const by = options.by ?? `cli:${currentUser()}`;
        const outcomes = await ctx.withServices('import', async ({ imports }) => {
          const files = await imports.collectFiles(paths);
          if (files.length === 0) {
            throw new NotFoundError(`import: no importable files in ${paths.join(', ')} (looked for Markdown, HTML and text files)`);
          }
          return imports.importFiles(files, by, {
            ...(options.slug === undefined ? {} : { slug: options.slug }),
            byGiven: options.by !== undefined,
          });
        });

        if (options.json) ctx.io.out(JSON.stringify(outcomes.map(toJson), null, 2));
        for (const outcome of outcomes) {
          if (!outcome.ok) ctx.io.err(`tandem: ${errorLine(outcome)}`);
          else if (!options.json) {
            ctx.io.out(reportLine(outcome.file, outcome.result));
            for (const line of warningLines(outcome.file, outcome.result)) ctx.io.err(line);
          }
        }
        // When nothing was imported, the error lines are the whole answer (and stdout stays empty, as for any refusal).
        if (!options.json && outcomes.some((o) => o.ok)) ctx.io.out(summaryLine(outcomes));
        if (outcomes.some((o) => !o.ok)) ctx.setExitCode(EXIT_FAILURE);
      });
  },
} satisfies CliCommand;

type ImportResult = Extract<ImportOutcome, { ok: true }>['result'];

function reportLine(file: string, result: ImportResult): string {
  const { counts } = result;
  switch (result.status) {
    case 'new':
      return `new        ${file} → ${result.slug} (${counts.added} segments)`;
    case 'updated':
      return (
        `updated    ${file} → ${result.slug} (revision ${result.sourceRevision}): ` +
        `${counts.unchanged} unchanged, ${counts.changed} changed, ${counts.added} new, ${counts.removed} removed`
      );
    case 'unchanged':
      return `unchanged  ${file} → ${result.slug}`;
  }
}

/** One stderr line per import warning; the segment number is the one the review page shows (1-based). */
function warningLines(file: string, result: ImportResult): string[] {
  return result.warnings.map(
    (w) =>
      `warning: ${file}: segment ${w.order + 1} has invisible characters inside words (${w.codePoints.join(', ')}); ` +
      'matching and masking ignore them, but check the source text and remove them if they came from a paste',
  );
}

/** The error names the file; services usually do already, so it is added only when missing. */
function errorLine(outcome: Extract<ImportOutcome, { ok: false }>): string {
  const message = describeError(outcome.error);
  return message.includes(outcome.file) ? message : `import: ${outcome.file}: ${message}`;
}

function summaryLine(outcomes: readonly ImportOutcome[]): string {
  const count = (status: string) => outcomes.filter((o) => o.ok && o.result.status === status).length;
  const failed = outcomes.filter((o) => !o.ok).length;
  return `${outcomes.length} files: ${count('new')} new, ${count('updated')} updated, ${count('unchanged')} unchanged, ${failed} failed`;
}

function toJson(outcome: ImportOutcome): unknown {
  if (outcome.ok) {
    const { file, slug, status, counts, sourceRevision, warnings } = outcome.result;
    return { file, ok: true, slug, status, counts, sourceRevision, warnings };
  }
  return { file: outcome.file, ok: false, error: describeError(outcome.error) };
}

function currentUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
