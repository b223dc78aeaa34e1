import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { LIMITS } from '../../core/limits.ts';
import type { Locale } from '../../core/locale.ts';
import type { Slug } from '../../core/slug.ts';
import { readInputFile } from '../../services/input-file.ts';
import { agencyAuthor, type XliffImportReport, type XliffRefusal } from '../../services/xliff-exchange.ts';
import type { CliCommand } from '../command.ts';
import { EXIT_FAILURE } from '../errors.ts';
import { actorNameOption, choiceOption, slugList, targetLocaleOption } from '../options.ts';

interface ExportOptions {
  readonly version: '1.2' | '2.0';
  readonly out?: string;
}

interface ImportOptions {
  readonly approve?: boolean;
  readonly agency?: string;
  readonly by?: string;
  readonly json?: boolean;
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Why a unit was not applied, as one English clause with what to do. */
export function refusalText(r: XliffRefusal['refusal']): string {
  switch (r.code) {
    case 'source-changed':
      return 'its source changed since the export; export the article again and translate the new text';
    case 'translation-changed':
      return 'its translation changed in Tandem since the export; export the article again and redo the change on the new file';
    case 'approved-unversioned':
      return 'its translation is approved and this file, exported before Tandem recorded revisions, would replace it; export the article again';
    case 'tags':
      return `its inline tags do not match the source (${r.detail}); keep every tag of the source`;
    case 'placeholders':
      return 'a confidential placeholder (c1, c2…) is missing or repeated; keep each exactly once';
    case 'unknown-unit':
      return 'the article has no such segment (removed, or the file is for another article)';
    case 'unknown-article':
      return 'no such article in this installation';
    case 'rejected':
      return r.reason;
  }
}

function reportLines(report: XliffImportReport): string[] {
  const where = (r: XliffRefusal) => `${r.unitId} (${r.slug}${r.line === null ? '' : `, line ${r.line}`})`;
  return [
    `${report.file}: XLIFF ${report.version} → ${report.locale} from ${agencyAuthor(report.agency)}: ${report.applied} applied ` +
      `(${report.approved} approved), ${report.unchanged} unchanged, ${report.refused.length} refused`,
    ...report.refused.map((r) => `refused       ${where(r)}: ${refusalText(r.refusal)}`),
    ...report.notApproved.map((r) => `not approved  ${where(r)}: ${refusalText(r.refusal)}`),
  ];
}

/** `tandem xliff export|import`: XLIFF 1.2 and 2.0 files for translation agencies. */
export const xliffCommand = {
  name: 'xliff',
  register(program, ctx) {
    const xliff = program.command('xliff').description('exchange articles with translation agencies as XLIFF 1.2 or 2.0');
    xliff
      .command('export')
      .description('write one article (or several, comma-separated) in one target locale as XLIFF; confidential names are masked')
      .argument('<slug>', 'the article, or several separated by commas', slugList)
      .argument('<locale>', 'the target locale, e.g. en', targetLocaleOption(ctx))
      .option('--version <version>', 'XLIFF version: 1.2 or 2.0', choiceOption(['1.2', '2.0'] as const), '1.2')
      .option('--out <file>', 'write to this file instead of standard output')
      .action(async (slugs: Slug[], locale: Locale, options: ExportOptions) => {
        const exported = await ctx.withReading('xliff', (services) =>
          services.xliff.exportFile({ slugs, locale, version: options.version }),
        );
        if (options.out === undefined) return ctx.io.out(exported.text.replace(/\n$/, ''));
        await writeFile(options.out, exported.text);
        ctx.io.out(`${options.out}: XLIFF ${options.version}, ${slugs.length} article(s) → ${locale}`);
      });
    xliff
      .command('import')
      .description(
        "apply an agency's XLIFF file: units whose source or translation changed since the export, with broken tags or unknown ids are refused",
      )
      .argument('<file>', 'the XLIFF 1.2 or 2.0 file')
      .option('--approve', 'approve the units the file marks approved (four-eyes: the agency wrote them)')
      .option('--agency <name>', 'the agency, recorded as the author in the history as agency:<name> (default: agency)', actorNameOption)
      .option('--by <name>', 'who imports, recorded with approvals (default: cli:<your user name>)', actorNameOption)
      .option('--json', 'print the report as JSON')
      .action(async (file: string, options: ImportOptions) => {
        const content = await readInputFile(file, {
          what: 'xliff',
          maxBytes: LIMITS.xliffBytes,
          advice: 'export fewer articles per file',
          limit: 'xliffBytes',
        });
        const report = await ctx.withServices('xliff', (services) =>
          services.xliff.importFile({
            content,
            file,
            importer: { name: options.by ?? `cli:${currentUser()}` },
            ...(options.agency !== undefined ? { agency: options.agency } : {}),
            approve: options.approve === true,
          }),
        );
        if (options.json) ctx.io.out(JSON.stringify(report, null, 2));
        else {
          const [summary, ...refusals] = reportLines(report);
          ctx.io.out(summary!);
          for (const line of refusals) ctx.io.err(line);
        }
        if (report.refused.length > 0) ctx.setExitCode(EXIT_FAILURE);
      });
  },
} satisfies CliCommand;
