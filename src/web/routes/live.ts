import type { EventEmitter } from 'node:events';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { ChangeEvent, SoftLockEvent } from '../../core/ports/change-feed.ts';
import { can } from '../../core/roles.ts';
import type { PresenceEvent } from '../../services/soft-lock.ts';
import type { AppDeps } from '../deps.ts';
import { requireRole, requireService } from '../guards.ts';
import { type PageContext, pageContext } from '../render.ts';
import { type SseConfig, SseStreams, type SseStream } from '../sse.ts';
import { sessionToken } from '../session.ts';
import { validated } from '../validate.ts';
import { mtProgressRow, mtRowKey, type MtProgressRowView } from '../views/mt-progress.ts';
import type { RouteModule } from './index.ts';

/**
 * Live updates of the review and articles pages as Server-Sent Events (public/live.js listens): `segment-changed`
 * (state badge in the UI language, text, revision, and the sentence shown to someone typing in that segment),
 * `mt-progress` (the progress row drawn as the page draws it, or null once the pair is done) from the change feed, and
 * `presence` (who is typing where) from this instance's soft locks, which alone know what its pages should see. A
 * browser that reconnects (it sends Last-Event-ID) first gets the current state of what it shows.
 */

const Params = z.object({ slug: z.string().min(1).max(200), locale: z.string().min(1).max(35) });

/** What a page was drawn with, so each event reaches it in the same language and with the same buttons. */
interface Viewer {
  readonly ctx: PageContext;
  readonly row: Omit<MtProgressRowView, 'now'>;
}

function viewerOf(req: Request, res: Response, showArticle: boolean): Viewer {
  const ctx = pageContext(req, res);
  return { ctx, row: { showArticle, canRetry: can(res.locals.user!.role, 'mt.queue'), back: showArticle ? 'articles' : 'review' } };
}

/** What pages receive: every feed event but the soft-lock marks instances share among themselves, and presence. */
type PageEvent = Exclude<ChangeEvent, SoftLockEvent> | PresenceEvent;

/** An event as this viewer receives it. */
function present(viewer: Viewer, event: PageEvent): unknown {
  const { ctx } = viewer;
  switch (event.type) {
    case 'segment-changed': {
      const label = ctx.t(`review:states.${event.state}`);
      return { ...event, label, notice: ctx.t('review:live.changedBy', { name: event.by, state: label }) };
    }
    case 'mt-progress': {
      const row = event.progress && mtProgressRow(ctx, { ...viewer.row, now: new Date().toISOString() }, event.progress);
      return { key: mtRowKey(event), html: row ? row.toString() : null };
    }
    case 'presence':
      return event;
  }
}

/** Open the stream, subscribe it to the events `wanted` lets through, and end the subscription with the stream. */
function stream(
  streams: LiveStreams,
  req: Request,
  res: Response,
  viewer: Viewer,
  wanted: (event: PageEvent) => boolean,
): SseStream | null {
  if (!streams.changes) {
    // No feed in this installation: 204 tells EventSource to stop trying.
    res.status(204).end();
    return null;
  }
  streams.hook(req);
  const token = sessionToken(req);
  // Checked at every heartbeat: a stream outlives neither a logout nor the session's expiry by more than one beat.
  const stillAllowed = async () => token !== undefined && (await streams.auth.resolve(token)) !== null;
  const sse = streams.open(req, res, res.locals.session?.id ?? res.locals.user!.name, stillAllowed);
  const send = (event: PageEvent) => {
    if (wanted(event)) sse.send(event.type, present(viewer, event));
  };
  const stops = [
    streams.changes.subscribe((event) => {
      if (event.type !== 'soft-lock') send(event);
    }),
    streams.presence?.subscribe(send),
  ];
  sse.onClose(() => {
    for (const stop of stops) stop?.();
  });
  return sse;
}

function getReviewEvents(deps: AppDeps, streams: LiveStreams): RequestHandler {
  return async (req, res) => {
    const { params } = validated(req, { params: Params });
    const articles = requireService(deps.articles, 'articles');
    const locale = articles.targetLocale(params.locale);
    const record = await articles.get(params.slug);
    const slug = record.article.slug;
    const viewer = viewerOf(req, res, false);
    const reconnected = req.get('last-event-id') !== undefined;
    const sse = stream(streams, req, res, viewer, (e) => e.slug === slug && e.locale === locale);
    if (!sse) return;
    for (const [segmentId, holders] of deps.presence?.forArticle(slug, locale) ?? []) {
      sse.send('presence', { type: 'presence', slug, locale, segmentId, names: holders.map((h) => h.name).sort() });
    }
    if (reconnected) await catchUp(sse, () => resend(deps, viewer, sse, slug, locale));
  };
}

function getArticleEvents(deps: AppDeps, streams: LiveStreams): RequestHandler {
  return async (req, res) => {
    validated(req, {});
    const viewer = viewerOf(req, res, true);
    const sse = stream(streams, req, res, viewer, (e) => e.type === 'mt-progress');
    if (sse && req.get('last-event-id') !== undefined) await catchUp(sse, () => sendProgress(deps, viewer, sse, {}));
  };
}

/** Run `send` on an open stream; a failure ends the stream (its headers are sent: no error page can follow). */
async function catchUp(sse: SseStream, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch {
    sse.close();
  }
}

/** What changed while the browser was away: each translation (it keeps what is not newer than what it shows), progress. */
async function resend(deps: AppDeps, viewer: Viewer, sse: SseStream, slug: string, locale: string): Promise<void> {
  const record = await requireService(deps.articles, 'articles').get(slug);
  for (const t of record.translations.filter((x) => x.locale === locale)) {
    const { segmentId, state, revision, text } = t;
    const event = {
      type: 'segment-changed',
      slug,
      locale,
      segmentId,
      state,
      revision,
      text,
      by: t.updatedBy ?? '',
      at: t.updatedAt,
    } as const;
    sse.send(event.type, present(viewer, event));
  }
  await sendProgress(deps, viewer, sse, { slug, locale });
}

/** The current progress rows (after a reconnect). */
async function sendProgress(deps: AppDeps, viewer: Viewer, sse: SseStream, filter: { slug?: string; locale?: string }): Promise<void> {
  for (const progress of (await deps.mt?.articleProgress(filter)) ?? []) {
    const event = { type: 'mt-progress', slug: progress.slug, locale: progress.locale, progress } as const;
    sse.send(event.type, present(viewer, event));
  }
}

/** The open streams of one app, the feed they listen to, and their end at shutdown (server.ts emits `shutdown`). */
class LiveStreams extends SseStreams {
  readonly changes: AppDeps['changes'];
  readonly auth: AppDeps['auth'];
  readonly presence: AppDeps['presence'];
  #hooked = false;

  constructor(deps: AppDeps, config?: SseConfig) {
    super(config);
    this.changes = deps.changes;
    this.auth = deps.auth;
    this.presence = deps.presence;
  }

  hook(req: Request): void {
    if (this.#hooked) return;
    this.#hooked = true;
    // Express's types list only `mount`; the app is an EventEmitter all the same.
    (req.app as unknown as EventEmitter).on('shutdown', () => this.closeAll());
  }
}

export const liveRoutes = {
  path: '/events',
  router: (deps) => {
    const router = express.Router();
    const streams = new LiveStreams(deps, deps.config?.live);
    router.get('/review/:slug/:locale', requireRole('article.view'), getReviewEvents(deps, streams));
    router.get('/articles', requireRole('article.view'), getArticleEvents(deps, streams));
    return router;
  },
} satisfies RouteModule;
