import type { MtRerunBudgetStatus } from '../../../services/mt/index.ts';
import type { UsageReport, UsageRow } from '../../../services/usage.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import { utcTime } from '../embargo.ts';
import { csrfField } from '../forms.ts';
import { type FormRefusal, messages } from './parts.ts';

export interface UsageView {
  /** The first day counted (`YYYY-MM-DD`), as typed. */
  readonly since: string;
  readonly report: UsageReport | null;
  /** Null without a machine-translation service. */
  readonly budget: MtRerunBudgetStatus | null;
  readonly maxBudget: number;
  readonly notice?: string;
  readonly refusal?: FormRefusal;
}

/** Articles listed, those that used the most first. */
const TOP_ARTICLES = 50;
const topArticles = (rows: readonly UsageRow[]) => [...rows].sort((a, b) => b.characters - a.characters).slice(0, TOP_ARTICLES);
const BAR_HEIGHT = 18;
const LABEL_WIDTH = 110;
const CHART_WIDTH = 640;

/**
 * Horizontal bars of characters sent, one per row, drawn as SVG attributes (the CSP forbids inline styles). The table
 * that follows holds the same figures for screen readers and copying; the chart is hidden from them.
 */
function barChart(ctx: PageContext, rows: readonly UsageRow[], number: Intl.NumberFormat): SafeHtml | '' {
  if (rows.length === 0) return '';
  const max = Math.max(1, ...rows.map((r) => r.characters));
  const room = CHART_WIDTH - LABEL_WIDTH - 90;
  const height = rows.length * (BAR_HEIGHT + 4);
  return html`<svg class="usage-chart" aria-hidden="true" focusable="false" viewBox="0 0 ${CHART_WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">${rows.map(
    (r, i) => {
      const y = i * (BAR_HEIGHT + 4);
      const width = Math.max(r.characters > 0 ? 1 : 0, Math.round((r.characters / max) * room));
      return html`<g><text x="0" y="${y + BAR_HEIGHT - 5}" class="usage-label">${r.key}</text>
      <rect x="${LABEL_WIDTH}" y="${y}" width="${width}" height="${BAR_HEIGHT}" class="usage-bar"><title>${ctx.t('admin:usage.barTitle', { key: r.key, characters: number.format(r.characters) })}</title></rect>
      <text x="${LABEL_WIDTH + width + 6}" y="${y + BAR_HEIGHT - 5}" class="usage-value">${number.format(r.characters)}</text></g>`;
    },
  )}</svg>`;
}

function usageTable(ctx: PageContext, caption: string, keyLabel: string, rows: readonly UsageRow[], number: Intl.NumberFormat): SafeHtml {
  return html`<div class="table-scroll"><table class="usage">
    <caption class="visually-hidden">${caption}</caption>
    <thead><tr><th scope="col">${keyLabel}</th><th scope="col" class="num">${ctx.t('admin:usage.requests')}</th>
    <th scope="col" class="num">${ctx.t('admin:usage.sent')}</th><th scope="col" class="num">${ctx.t('admin:usage.billed')}</th></tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr><th scope="row">${r.key}</th><td class="num">${number.format(r.requests)}</td>
      <td class="num">${number.format(r.characters)}</td><td class="num">${number.format(r.billedCharacters)}</td></tr>`,
    )}</tbody></table></div>`;
}

function budgetSection(ctx: PageContext, budget: MtRerunBudgetStatus, max: number, number: Intl.NumberFormat): SafeHtml {
  return html`<section aria-labelledby="budget-title"><h2 id="budget-title">${ctx.t('admin:usage.budgetTitle')}</h2>
  <p>${ctx.t('admin:usage.budgetNow', { count: budget.charactersPerDay, characters: number.format(budget.charactersPerDay) })}
  ${budget.setBy ? ctx.t('admin:usage.budgetSetBy', { user: budget.setBy, at: utcTime(budget.setAt ?? undefined, ctx.lng) }) : ctx.t('admin:usage.budgetDefault')}</p>
  ${
    budget.spent.length
      ? html`<table class="usage"><caption>${ctx.t('admin:usage.spentToday', { day: budget.day })}</caption>
    <thead><tr><th scope="col">${ctx.t('admin:usage.person')}</th><th scope="col" class="num">${ctx.t('admin:usage.sent')}</th></tr></thead>
    <tbody>${budget.spent.map((s) => html`<tr><th scope="row">${s.user}</th><td class="num">${number.format(s.characters)}</td></tr>`)}</tbody></table>`
      : html`<p class="hint">${ctx.t('admin:usage.noneSpent', { day: budget.day })}</p>`
  }
  <form method="post" action="/mt/budget">${csrfField(ctx)}<input type="hidden" name="back" value="usage">
    <p><label for="budget-characters">${ctx.t('admin:usage.budgetField')}</label>
    <input id="budget-characters" name="characters" type="number" min="0" max="${max}" step="1" required value="${budget.charactersPerDay}">
    <button type="submit">${ctx.t('admin:save')}</button></p>
  </form></section>`;
}

/** Machine-translation usage since a day: per day as a chart with its table, per locale and per article; the re-run budget. */
export function usageView(ctx: PageContext, view: UsageView): SafeHtml {
  const number = new Intl.NumberFormat(ctx.lng);
  const r = view.report;
  return html`${messages(view.notice, view.refusal)}
  <form method="get" action="/usage" class="filters">
    <p><label for="usage-since">${ctx.t('admin:usage.since')}</label>
    <input id="usage-since" name="since" type="date" value="${view.since}"></p>
    <p><button type="submit">${ctx.t('admin:show')}</button></p>
  </form>
  ${
    r
      ? html`<p role="status">${ctx.t('admin:usage.total', {
          count: r.total.requests,
          characters: number.format(r.total.characters),
          billed: number.format(r.total.billedCharacters),
        })}</p>
  ${r.provider ? html`<p>${ctx.t('admin:usage.provider', { provider: r.provider.id, used: number.format(r.provider.characterCount), limit: number.format(r.provider.characterLimit) })}</p>` : ''}
  ${r.providerError ? html`<p class="hint">${ctx.t('admin:usage.providerUnavailable')}</p>` : ''}
  ${
    r.byDay.length === 0
      ? html`<p class="message">${ctx.t('admin:usage.empty')}</p>`
      : html`<h2>${ctx.t('admin:usage.byDay')}</h2>${barChart(ctx, r.byDay, number)}
  ${usageTable(ctx, ctx.t('admin:usage.byDay'), ctx.t('admin:usage.day'), r.byDay, number)}
  <h2>${ctx.t('admin:usage.byLocale')}</h2>${barChart(ctx, r.byLocale, number)}
  ${usageTable(ctx, ctx.t('admin:usage.byLocale'), ctx.t('admin:usage.locale'), r.byLocale, number)}
  <h2>${ctx.t('admin:usage.byArticle')}</h2>
  ${usageTable(ctx, ctx.t('admin:usage.byArticle'), ctx.t('admin:usage.article'), topArticles(r.byArticle), number)}
  ${r.byArticle.length > TOP_ARTICLES ? html`<p class="hint">${ctx.t('admin:usage.moreArticles', { count: r.byArticle.length - TOP_ARTICLES })}</p>` : ''}`
  }`
      : ''
  }
  ${view.budget ? budgetSection(ctx, view.budget, view.maxBudget, number) : ''}`;
}
