import stringWidth from 'string-width';

/** How a column lines up: text to the left, numbers to the right. */
export type ColumnAlign = 'left' | 'right';

/**
 * Pad `text` to `width` terminal columns. Widths are display widths (string-width: a Hangul or CJK character takes two
 * columns, a combining mark none), not string lengths, so Korean names line up with Latin ones.
 */
export function pad(text: string, width: number, align: ColumnAlign = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

/**
 * Rows as lines of aligned columns separated by `gap` spaces: every column but the last is padded to its widest cell
 * (or `minWidths[i]` columns when wider); the last column is never padded, so lines carry no trailing spaces.
 */
export function table(
  rows: readonly (readonly string[])[],
  options: { readonly align?: readonly ColumnAlign[]; readonly minWidths?: readonly number[]; readonly gap?: number } = {},
): string[] {
  const gap = ' '.repeat(options.gap ?? 1);
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) =>
    Math.max(options.minWidths?.[i] ?? 0, ...rows.map((r) => stringWidth(r[i] ?? ''))),
  );
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const align = options.align?.[i] ?? 'left';
        return i === row.length - 1 && align === 'left' ? cell : pad(cell, widths[i]!, align);
      })
      .join(gap),
  );
}
