import { userInfo } from 'node:os';
import { InvalidArgumentError } from 'commander';
import type { MemoryEntry } from '../../core/ports/translation-memory-store.ts';
import { decodeMemoryFile, MEMORY_FILE_MAX_BYTES, readInputFile } from '../../services/input-file.ts';
import type { ImportSummary } from '../../services/memory.ts';
import { MEMORY_ENTRY_ID_PATTERN } from '../../services/memory-shared.ts';
import type { CliCommand } from '../command.ts';
import { actorNameOption, choiceOption, integerOption, localeTagOption, targetLocaleOption } from '../options.ts';

/** A memory entry id as the memory writes them (`tm-` and a UUID; letters, digits and hyphens). */
function memoryIdArgument(raw: string): string {
  if (!MEMORY_ENTRY_ID_PATTERN.test(raw)) {
    throw new InvalidArgumentError(
      `"${raw.slice(0, 40).replace(/[^\x20-\x7e]/g, '?')}" is not a memory entry id (tm-…; see memory search --json)`,
    );
  }
  return raw;
}

/** The import report: totals, then a line per language pair and one for units without source-language text. */
function importLines(file: string, summary: ImportSummary): string[] {
  return [
    `${file}: ${summary.units} units, ${summary.added} pairs added (${summary.locales.join(', ') || 'none'}), ` +
      `${summary.duplicates} already known, ${summary.skipped} skipped`,
    ...summary.pairs.map(
      (p) => `  ${p.sourceLocale} → ${p.targetLocale}: ${p.added} added, ${p.duplicates} already known, ${p.skipped} empty`,
    ),
    ...(summary.withoutSource
      ? [`  ${summary.withoutSource} units without ${summary.sourceLocale} text skipped (${summary.withoutSourceLocales.join(', ')})`]
      : []),
  ];
}

function currentUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

function line(entry: MemoryEntry, score?: number): string {
  const where = [entry.slug ?? entry.origin, entry.approvedAt.slice(0, 10), entry.approvedBy].filter(Boolean).join(', ');
  return `${score === undefined ? '' : `[${score}] `}${entry.source}\n    → ${entry.target}\n    (${where})`;
}

interface SearchOptions {
  readonly to: string;
  readonly from?: string;
  readonly in: 'source' | 'target' | 'both';
  readonly fuzzy?: boolean;
  readonly threshold: number;
  readonly limit: number;
  readonly json?: boolean;
}

/** `tandem memory search|import|export|delete`: the translation memory from the command line. */
export const memoryCommand = {
  name: 'memory',
  register(program, ctx) {
    const memory = program.command('memory').description('translation memory: approved pairs, searched and exchanged as TMX');
    memory
      .command('search')
      .description('find a word or phrase in memory sources or targets (concordance); --fuzzy finds similar sources instead')
      .argument('<text>', 'what to look for')
      .requiredOption('--to <locale>', 'target locale, e.g. en', targetLocaleOption(ctx))
      .option('--from <locale>', 'source locale (default: the installation source locale)', localeTagOption)
      .option('--in <where>', 'source, target or both', choiceOption(['source', 'target', 'both'] as const), 'both')
      .option('--fuzzy', 'score sources by similarity (0–100) instead of searching for the text')
      .option('--threshold <score>', 'lowest fuzzy score to show (0–100)', integerOption(0, 100), 75)
      .option('--limit <n>', 'most results to show (1–1000)', integerOption(1, 1000), 20)
      .option('--json', 'print JSON')
      .action(async (text: string, options: SearchOptions) => {
        const { to: targetLocale, in: where, limit, threshold } = options;
        const sourceLocale = options.from ?? ctx.config().sourceLocale;
        const result = await ctx.withReading('memory', async (services) => {
          const service = services.memory;
          if (options.fuzzy) {
            return { fuzzy: await service.lookup(text, { sourceLocale, targetLocale, threshold, limit }) };
          }
          return {
            concordance: await service.concordance(text, { sourceLocale, targetLocale, in: where, limit }),
          };
        });
        if (options.json) return ctx.io.out(JSON.stringify(result.fuzzy ?? result.concordance, null, 2));
        // Fuzzy matches show what differs: [-memory only-]{+this text only+}.
        const diff = (parts: readonly { op: string; text: string }[]) =>
          parts.map((p) => (p.op === 'delete' ? `[-${p.text}-]` : p.op === 'insert' ? `{+${p.text}+}` : p.text)).join('');
        const lines = result.fuzzy
          ? result.fuzzy.map((m) => `${line(m.entry, m.score)}${m.exact ? '' : `\n    diff: ${diff(m.diff)}`}`)
          : result.concordance!.map((e) => line(e));
        ctx.io.out(lines.length ? lines.join('\n') : `No memory entries ${sourceLocale} → ${targetLocale} match "${text}".`);
      });
    memory
      .command('import')
      .description('add the pairs of a TMX file (from Tandem or another CAT tool) to the memory')
      .argument('<file>', 'TMX file')
      .action(async (file: string) => {
        const bytes = await readInputFile(file, {
          what: 'memory',
          maxBytes: MEMORY_FILE_MAX_BYTES,
          advice: 'split it and import the parts',
        });
        const text = decodeMemoryFile(bytes, file);
        const summary = await ctx.withServices('memory', async (services) => services.memory.importFile(text, file));
        ctx.io.out(importLines(file, summary).join('\n'));
      });
    memory
      .command('delete')
      .description(
        'delete a wrong entry (its id from memory search --json): it is no longer suggested, found or exported, and ' +
          'approvals made before the deletion do not add it back',
      )
      .argument('<id>', 'entry id, e.g. tm-3f2c…', memoryIdArgument)
      .option(
        '--by <name>',
        'who is deleting, recorded in the memory log (default: cli:<your user name>; through TANDEM_URL: its token’s owner)',
        actorNameOption,
      )
      .action(async (id: string, options: { by?: string }) => {
        const by = options.by ?? `cli:${currentUser()}`;
        const tombstone = await ctx.withServices('memory', async (services) => services.memory.deleteEntry(id, by));
        ctx.io.out(`Deleted ${id} (${tombstone.sourceLocale} → ${tombstone.targetLocale}): ${tombstone.source}\n    → ${tombstone.target}`);
      });
    memory
      .command('export')
      .description('write the memory of one language pair as TMX 1.4b to standard output')
      .requiredOption('--to <locale>', 'target locale, e.g. en', targetLocaleOption(ctx))
      .option('--from <locale>', 'source locale (default: the installation source locale)', localeTagOption)
      .action(async (options: { to: string; from?: string }) => {
        const sourceLocale = options.from ?? ctx.config().sourceLocale;
        const xml = await ctx.withReading('memory', async (services) => services.memory.exportFile(options.to, sourceLocale));
        ctx.io.out(xml.replace(/\n$/, ''));
      });
  },
} satisfies CliCommand;
