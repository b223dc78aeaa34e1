import type { TranslationState } from '../../../core/model.ts';
import { type HtmlValue, html, type SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import { dateTimeFormat, languageName } from '../../intl-cache.ts';

const compacted = new WeakMap<TemplateStringsArray, TemplateStringsArray>();

/**
 * `html` with the source indentation of the template left out (a line break and the spaces after it become one line
 * break): the review page repeats its row templates for every segment, and the indentation was a tenth of its bytes.
 * Interpolated values are untouched; the template's own text is compacted once.
 */
export function compactHtml(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let compact = compacted.get(strings);
  if (!compact) {
    const parts = strings.map((part) => part.replace(/\n\s+/g, '\n'));
    compact = Object.assign(parts, { raw: parts }) as unknown as TemplateStringsArray;
    compacted.set(strings, compact);
  }
  return html(compact, ...values);
}

/** The name of a target or source locale in the UI language (`en` → English / 영어): intl-cache.ts `languageName`. */
export function localeName(ctx: PageContext, locale: string): string {
  return languageName(locale, ctx.lng);
}

export function stateBadge(ctx: PageContext, state: TranslationState): SafeHtml {
  return html`<span class="state state-${state}">${ctx.t(`review:states.${state}`)}</span>`;
}

export function when(ctx: PageContext, iso: string): SafeHtml {
  const date = new Date(iso);
  const shown = Number.isNaN(date.getTime()) ? iso : dateTimeFormat(ctx.lng, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  return html`<time datetime="${iso}">${shown}</time>`;
}

// Segment text and diffs have one home, shared by every staff page.
export { diffView, segmentText } from '../segment-text.ts';

/** Approved share as a bar with the count beside it; the numbers are also there as text for screen readers. */
export function progressBar(ctx: PageContext, approved: number, total: number): SafeHtml {
  const pct = total === 0 ? 100 : Math.round((approved / total) * 100);
  return html`<span class="progress"><progress max="100" value="${pct}" aria-label="${ctx.t('review:progress.label', { approved, total })}"></progress>
    <span class="progress-text">${ctx.t('review:progress.count', { approved, total, pct })}</span></span>`;
}

export interface EffortBar {
  readonly locale: string;
  /** Mean share of a machine draft that people changed, 0–1; null when no post-edited machine draft exists yet. */
  readonly effort: number | null;
  /** Segments measured. */
  readonly segments: number;
}

/**
 * Post-edit effort per locale as a small inline SVG bar chart. Presentation attributes only: the CSP allows no
 * inline styles. The figures are repeated in a caption list for screen readers.
 */
export function effortChart(ctx: PageContext, bars: readonly EffortBar[]): SafeHtml {
  const rowHeight = 22;
  const labelWidth = 90;
  const barWidth = 200;
  const height = bars.length * rowHeight + 4;
  return html`<figure class="effort-chart">
    <figcaption>${ctx.t('review:effort.title')}</figcaption>
    <svg role="img" aria-labelledby="effort-desc" width="${labelWidth + barWidth + 60}" height="${height}" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}">
      ${bars.map((bar, i) => {
        const y = i * rowHeight + 2;
        const width = bar.effort === null ? 0 : Math.max(1, Math.round(bar.effort * barWidth));
        return html`<g>
          <text x="0" y="${y + 15}" font-size="12" fill="currentColor">${localeName(ctx, bar.locale)}</text>
          <rect x="${labelWidth}" y="${y + 3}" width="${barWidth}" height="14" fill="#e6e9ed"></rect>
          <rect x="${labelWidth}" y="${y + 3}" width="${width}" height="14" fill="#0a58ca"></rect>
          <text x="${labelWidth + barWidth + 6}" y="${y + 15}" font-size="12" fill="currentColor">${bar.effort === null ? '–' : `${Math.round(bar.effort * 100)}%`}</text>
        </g>`;
      })}
    </svg>
    <ul id="effort-desc" class="visually-hidden">${bars.map(
      (bar) =>
        html`<li>${localeName(ctx, bar.locale)}: ${
          bar.effort === null
            ? ctx.t('review:effort.none')
            : ctx.t('review:effort.value', { pct: Math.round(bar.effort * 100), count: bar.segments })
        }</li>`,
    )}</ul>
    <p class="hint">${ctx.t('review:effort.explain')}</p>
  </figure>`;
}
