import { NOT_COPIED } from '../../services/storage-copy/index.ts';
import type { CopyProgress } from '../../services/storage-copy/index.ts';
import type { LowdbImport } from '../command.ts';

/** How often a long run says how far it is (a short run says nothing on stderr). */
const PROGRESS_EVERY_MS = 2_000;

/** A progress callback that writes `<kind> <done>/<total>` at most every two seconds, and never in the first two. */
export function progressLine(write: (line: string) => void, now: () => number = Date.now): CopyProgress {
  let next = now() + PROGRESS_EVERY_MS;
  return (kind, done, total) => {
    if (now() < next) return;
    next = now() + PROGRESS_EVERY_MS;
    write(`db import-lowdb: ${kind} ${done}/${total}`);
  };
}

/**
 * The report of `tandem db import-lowdb`: one line per kind copied, then what is never copied, then one line per kind
 * verified. `ok` is false when a record was not copied (a conflict) or the target does not hold what the source holds.
 */
export function formatLowdbImport(result: LowdbImport): { readonly lines: string[]; readonly ok: boolean } {
  const lines = [
    `Importing ${result.dataDir} into PostgreSQL (schema version ${result.schemaVersion}${
      result.migrations.length > 0
        ? `, ${result.migrations.length} migration${result.migrations.length === 1 ? '' : 's'} applied first`
        : ''
    }).`,
  ];
  const width = Math.max(...result.copied.map((r) => r.kind.length));
  for (const r of result.copied) {
    const parts = [`${r.added} added`, `${r.updated} updated`, `${r.present} already present`];
    if (r.skipped > 0) parts.push(`${r.skipped} skipped (failed machine translations: queue them again with tandem translate)`);
    if (r.conflicts.length > 0) parts.push(`${r.conflicts.length} not copied`);
    lines.push(`${r.kind.padEnd(width)}  ${String(r.source).padStart(6)}: ${parts.join(', ')}`);
    for (const conflict of r.conflicts) lines.push(`  not copied: ${conflict}`);
  }
  lines.push(`Not copied: ${NOT_COPIED.join('; ')}.`);
  let ok = result.copied.every((r) => r.conflicts.length === 0);
  for (const v of result.verified) {
    const same = v.matching === v.source;
    ok &&= same;
    lines.push(
      `verified ${v.kind.padEnd(width)}  ${same ? 'ok' : 'MISMATCH'}: ${v.matching} of ${v.source} identical in the database (it holds ${v.target})`,
    );
    for (const what of v.mismatches) lines.push(`  missing or different: ${what}`);
  }
  lines.push(ok ? 'Import complete: the database holds everything the data directory holds.' : 'Import incomplete: see the lines above.');
  return { lines, ok };
}
