import type { EmbargoNotice } from '../../core/front-matter.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../render.ts';
import { messageDateTime } from '../intl-cache.ts';

/** An ISO 8601 time for editors (intl-cache messageDateTime: date and minutes in UTC, the zone written out); the text itself when it is no time. */
export function utcTime(iso: string | undefined, lng: string): string {
  if (iso === undefined) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return messageDateTime(date, lng);
}

/** A small badge saying why readers cannot see an article yet or any more; empty when they can. */
export function embargoBadge(ctx: PageContext, notice: EmbargoNotice | null | undefined): SafeHtml | '' {
  if (!notice) return '';
  const at = notice.reason === 'scheduled' ? notice.publishAt : notice.reason === 'expired' ? notice.expiresAt : undefined;
  const text = ctx.t(`publish:embargo.${notice.reason}`, { at: utcTime(at, ctx.lng) });
  return html`<span class="embargo embargo-${notice.reason}" data-embargo="${notice.reason}"${at ? html` data-at="${at}"` : ''}>${text}</span>`;
}
