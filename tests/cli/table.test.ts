import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { pad, table } from '../../src/cli/table.ts';

describe('CLI tables', () => {
  it('when a column holds Korean and Latin names, then every following column starts at the same terminal column', () => {
    const lines = table([
      ['NAME', 'ROLE', 'LOCALES'],
      ['김철민', 'reviewer', 'en'],
      ['mina', 'translator', 'en,ja'],
    ]);
    const starts = lines.map((line) => stringWidth(line.slice(0, line.search(/reviewer|translator|ROLE/))));
    expect(new Set(starts).size).toBe(1);
    expect(lines[1]).toBe('김철민 reviewer   en');
    for (const line of lines) expect(line).not.toMatch(/ $/);
  });

  it('when minimum widths and right alignment are given, then short cells are padded to them and numbers line up on the right', () => {
    expect(table([['2026-03-01', '120', 'sent']], { align: ['left', 'right'], minWidths: [12, 6] })).toEqual(['2026-03-01      120 sent']);
  });

  it('when a cell is wider than the width asked for, then pad leaves it whole', () => {
    expect(pad('장마당', 4)).toBe('장마당');
    expect(pad('장', 4)).toBe('장  ');
    expect(pad('7', 3, 'right')).toBe('  7');
  });
});
