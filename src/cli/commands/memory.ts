import { readFile } from 'node:fs/promises';
import { ValidationError } from '../../core/errors.ts';
import { canonicalLocale } from '../../core/locale.ts';
import type { MemoryEntry } from '../../core/ports/translation-memory-store.ts';
import type { CliCommand } from '../command.ts';

const MAX_TMX_BYTES = 200 * 1024 * 1024;

/** TMX files from Windows tools are often UTF-16 with a byte-order mark. */
function decodeTmx(bytes: Buffer, file: string): string {
  if (bytes.length > MAX_TMX_BYTES) throw new ValidationError(`memory: ${file} is larger than 200 MB; split it and import the parts`);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return bytes.toString('utf8');
}

function line(entry: MemoryEntry, score?: number): string {
  const where = [entry.slug ?? entry.origin, entry.approvedAt.slice(0, 10), entry.approvedBy].filter(Boolean).join(', ');
  return `${score === undefined ? '' : `[${score}] `}${entry.source}\n    → ${entry.target}\n    (${where})`;
}

interface SearchOptions {
  readonly to: string;
  readonly from?: string;
  readonly in?: string;
  readonly fuzzy?: boolean;
  readonly threshold?: string;
  readonly limit?: string;
  readonly json?: boolean;
}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ValidationError(`memory: --${name} must be a whole number, not "${value}"`);
  return n;
}

/** `tandem memory search|import|export`: the translation memory from the command line. */
export const memoryCommand = {
  name: 'memory',
  register(program, ctx) {
    const memory = program.command('memory').description('translation memory: approved pairs, searched and exchanged as TMX');
    memory
      .command('search')
      .description('find a word or phrase in memory sources or targets (concordance); --fuzzy finds similar sources instead')
      .argument('<text>', 'what to look for')
      .requiredOption('--to <locale>', 'target locale, e.g. en')
      .option('--from <locale>', 'source locale (default: the installation source locale)')
      .option('--in <where>', 'source, target or both', 'both')
      .option('--fuzzy', 'score sources by similarity (0–100) instead of searching for the text')
      .option('--threshold <score>', 'lowest fuzzy score to show', '75')
      .option('--limit <n>', 'most results to show', '20')
      .option('--json', 'print JSON')
      .action(async (text: string, options: SearchOptions) => {
        const where = options.in ?? 'both';
        if (!['source', 'target', 'both'].includes(where))
          throw new ValidationError(`memory: --in must be source, target or both, not "${where}"`);
        const targetLocale = canonicalLocale(options.to);
        const sourceLocale = canonicalLocale(options.from ?? ctx.config().sourceLocale);
        const limit = positiveInt(options.limit, 'limit', 20);
        const result = await ctx.withTandem('memory', 'read', async (tandem) => {
          const service = tandem.memory;
          if (options.fuzzy) {
            const threshold = positiveInt(options.threshold, 'threshold', 75);
            return { fuzzy: service.lookup(text, { sourceLocale, targetLocale, threshold, limit }) };
          }
          return {
            concordance: service.concordance(text, { sourceLocale, targetLocale, in: where as 'source' | 'target' | 'both', limit }),
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
        const text = decodeTmx(await readFile(file), file);
        const summary = await ctx.withTandem('memory', 'write', async (tandem) => tandem.memory.importFile(text, file));
        ctx.io.out(
          `${file}: ${summary.units} units, ${summary.added} pairs added (${summary.locales.join(', ') || 'none'}), ` +
            `${summary.duplicates} already known, ${summary.skipped} skipped`,
        );
      });
    memory
      .command('export')
      .description('write the memory of one language pair as TMX 1.4b to standard output')
      .requiredOption('--to <locale>', 'target locale, e.g. en')
      .option('--from <locale>', 'source locale (default: the installation source locale)')
      .action(async (options: { to: string; from?: string }) => {
        const sourceLocale = canonicalLocale(options.from ?? ctx.config().sourceLocale);
        const xml = await ctx.withTandem('memory', 'read', async (tandem) =>
          tandem.memory.exportFile(canonicalLocale(options.to), sourceLocale),
        );
        ctx.io.out(xml.replace(/\n$/, ''));
      });
  },
} satisfies CliCommand;
