import { Option } from 'commander';
import { GLOSSARY_FILE_MAX_BYTES, parseGlossaryFile, termDetails } from '../../services/glossary.ts';
import { decodeUtf8, readInputFile } from '../../services/input-file.ts';
import type { CliCommand } from '../command.ts';
import { sourceLocaleOption, targetLocaleOption } from '../options.ts';

/** `tandem glossary import <csv> --from ko --to en [--merge|--replace]` and `tandem glossary list [--json]`. */
export const glossaryCommand = {
  name: 'glossary',
  register(program, ctx) {
    const glossary = program.command('glossary').description('per-language-pair term lists applied through the MT provider glossaries');
    glossary
      .command('import')
      .description(
        'replace (or with --merge extend) the glossary of a language pair from a CSV: source, target and optional ' +
          'forbidden (renderings separated by |), note, case_sensitive (true/false); a header row may name the columns. ' +
          'Terms are normalised (NFC, invisible characters removed, white space collapsed); a line that cannot be sent ' +
          'to the MT provider is refused by number and nothing is stored',
      )
      .argument('<csv>', 'CSV file')
      .requiredOption('--from <locale>', 'source locale, e.g. ko', sourceLocaleOption(ctx))
      .requiredOption('--to <locale>', 'target locale, e.g. en', targetLocaleOption(ctx))
      .addOption(new Option('--merge', 'keep existing entries').conflicts('replace'))
      .option('--replace', 'let a file without entries empty the glossary (otherwise an empty file changes nothing)')
      .action(async (file: string, options: { from: string; to: string; merge?: boolean; replace?: boolean }) => {
        const bytes = await readInputFile(file, { what: 'glossary', maxBytes: GLOSSARY_FILE_MAX_BYTES, advice: 'split the glossary' });
        const content = decodeUtf8(bytes, file, 'glossary');
        // Parsed here first, so a malformed file is refused before a server is asked (the same refusal either way).
        parseGlossaryFile(content, file);
        const record = await ctx.withServices('glossary', async (services) =>
          services.glossary.importFile({
            from: options.from,
            to: options.to,
            content,
            file,
            merge: options.merge ?? false,
            replace: options.replace ?? false,
          }),
        );
        ctx.io.out(`glossary ${record.sourceLocale} → ${record.targetLocale}: ${record.entries} entries`);
      });
    glossary
      .command('list')
      .description('show every glossary and its entries')
      .option('--json', 'print JSON')
      .action(async (options: { json?: boolean }) => {
        const list = await ctx.withReading('glossary', async (services) => services.glossary.list());
        if (options.json) return ctx.io.out(JSON.stringify(list, null, 2));
        if (list.length === 0) return ctx.io.out('No glossaries yet. Import one with: tandem glossary import terms.csv --from ko --to en');
        for (const g of list) {
          ctx.io.out(`${g.sourceLocale} → ${g.targetLocale} (${Object.keys(g.entries).length} entries, updated ${g.updatedAt})`);
          for (const [s, t] of Object.entries(g.entries)) {
            const d = termDetails(g, s);
            const extra = [
              d?.forbidden?.length ? `not: ${d.forbidden.join(' | ')}` : '',
              d?.caseSensitive ? 'case-sensitive' : '',
              d?.note ? `note: ${d.note}` : '',
            ].filter(Boolean);
            ctx.io.out(`  ${s}\t${t}${extra.length ? `\t(${extra.join('; ')})` : ''}`);
          }
        }
      });
  },
} satisfies CliCommand;
