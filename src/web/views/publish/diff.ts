import type { Locale } from '../../../core/locale.ts';
import type { DiffPart, DiffRow } from '../../../services/version-diff.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';

export interface DiffViewConfig {
  /** The language of the documents (their text is marked with it). */
  readonly locale: Locale;
  /** Version numbers of the two sides; `before` is null before a first publication. */
  readonly before: number | null;
  readonly after: number;
  /** Show only rows that differ (the confirmation page); the diff page shows every row. */
  readonly changedOnly?: boolean;
}

/** A changed run with its change said in words, so it is not only the strike-through or underline that tells. */
function marked(ctx: PageContext, part: DiffPart, side: 'before' | 'after'): SafeHtml | string {
  if (!part.changed) return part.text;
  const { t } = ctx;
  return side === 'before'
    ? html`<del><span class="visually-hidden">${t('publish:diff.deleted')} </span>${part.text}<span class="visually-hidden"> (${t('publish:diff.deletedEnd')})</span></del>`
    : html`<ins><span class="visually-hidden">${t('publish:diff.inserted')} </span>${part.text}<span class="visually-hidden"> (${t('publish:diff.insertedEnd')})</span></ins>`;
}

function cell(ctx: PageContext, row: DiffRow, side: 'before' | 'after', config: DiffViewConfig): SafeHtml {
  const version = side === 'before' ? config.before : config.after;
  const parts = side === 'before' ? row.before : row.after;
  const label = version === null ? '' : ctx.t(`publish:diff.${side}`, { version });
  const empty = row.kind === (side === 'before' ? 'added' : 'removed');
  return html`<div class="diff-cell diff-${side}${empty ? ' diff-empty' : ''}"><span class="diff-label">${label}</span>${
    empty
      ? html`<span class="diff-placeholder">${ctx.t(side === 'before' ? 'publish:diff.addedBlock' : 'publish:diff.removedBlock')}</span>`
      : html`<p class="diff-text" lang="${config.locale}">${parts.map((p) => marked(ctx, p, side))}</p>`
  }</div>`;
}

/**
 * Two versions side by side, block by block, with word-level <del> and <ins>. The text wraps in both columns and the
 * columns stack on a narrow screen, so the page never scrolls sideways.
 */
export function diffRowsView(ctx: PageContext, rows: readonly DiffRow[], config: DiffViewConfig): SafeHtml {
  const shown = config.changedOnly ? rows.filter((r) => r.kind !== 'same') : rows;
  if (!rows.some((r) => r.kind !== 'same')) return html`<p class="diff-none">${ctx.t('publish:diff.none')}</p>`;
  return html`<p class="diff-legend">${ctx.t('publish:diff.legend')}</p>
<div class="version-diff">
${
  config.before === null
    ? ''
    : html`<div class="diff-head" aria-hidden="true"><span>${ctx.t('publish:diff.before', { version: config.before })}</span><span>${ctx.t('publish:diff.after', { version: config.after })}</span></div>`
}
${shown.map((row) => html`<div class="diff-row diff-${row.kind}">${cell(ctx, row, 'before', config)}${cell(ctx, row, 'after', config)}</div>`)}
</div>`;
}
