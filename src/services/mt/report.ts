import { canonicalLocale, type Locale } from '../../core/locale.ts';
import type { MtFailureReason, MtItemFilter, MtQueueItem } from '../../core/ports/mt-store.ts';
import { blockedGlossaries } from './glossary-sync.ts';
import type { MtRuntime } from './runtime.ts';
import type { MtJobTally } from './job-tally.ts';
import type { MtArticleProgress, MtJobReport, MtReasonCount, MtStatus } from './types.ts';

/**
 * The provider's state, the queue's counts, what waits to be retried and when, the key check, the language pairs
 * waiting for their glossary, and one sentence saying what to do (quoting the provider's hint, and its reason for each
 * refused glossary). Precedence: off, unauthorized, paused, retrying, ready.
 */
export async function mtStatus(rt: MtRuntime): Promise<MtStatus> {
  const { provider, mt } = rt.deps;
  const hint = provider.capabilities.configHint;
  const queue = await mt.queue.counts();
  const common = { provider: provider.id, configHint: hint, queue, keyCheck: rt.keyCheck };
  if (!provider.enabled) {
    return {
      ...common,
      state: 'off',
      blockedGlossaries: [],
      nextRetryAt: null,
      retryReason: null,
      message: `Machine translation is off: to turn it on, set ${hint}. Segments wait for a human translator.`,
    };
  }
  const retry = await retryOutlook(rt);
  const failed = queue.failed > 0 ? ` ${queue.failed} segment translation(s) failed; an editor can retry them.` : '';
  const blocked = await blockedGlossaries(rt);
  const waiting = blocked.map(
    (b) =>
      ` ${b.sourceLocale} → ${b.targetLocale} waits: its glossary could not be uploaded (${b.reason}); fix the glossary and import it again ` +
      `(tandem glossary import <csv> --from ${b.sourceLocale} --to ${b.targetLocale}), or resume once the provider takes it.`,
  );
  const base = { ...common, blockedGlossaries: blocked, ...retry };
  if (rt.unauthorized) {
    return {
      ...base,
      state: 'unauthorized',
      message: `The ${provider.id} key was rejected: ${rt.unauthorized}. Fix ${hint} and restart, or resume.`,
    };
  }
  const pause = await mt.settings.pause(provider.id);
  if (pause) {
    return {
      ...base,
      state: 'paused',
      message: `The ${provider.id} queue is paused since ${pause.at}: ${pause.reason}. Resume it once the quota allows (tandem translate --resume).${waiting.join('')}`,
    };
  }
  if (retry.nextRetryAt !== null) {
    return {
      ...base,
      state: 'retrying',
      message:
        `Machine translation through ${provider.id} is failing (${retry.retryReason ?? 'unknown'}): ${queue.retrying} segment translation(s) ` +
        `wait to be retried, the next at ${retry.nextRetryAt}.${failed}${waiting.join('')}`,
    };
  }
  const check = rt.keyCheck.state === 'checking' ? ' The key is being checked.' : '';
  return { ...base, state: 'ready', message: `Machine translation through ${provider.id} is on.${check}${failed}${waiting.join('')}` };
}

/** The earliest retry (a retrying item's, or the cool-down's end) and the latest passing failure's reason. */
async function retryOutlook(rt: MtRuntime): Promise<{ nextRetryAt: string | null; retryReason: MtFailureReason | null }> {
  const retrying = (await rt.deps.mt.queue.items()).filter((i) => i.state === 'retrying');
  const cooling = rt.coolDownUntil !== null && rt.coolDownUntil > rt.now() ? rt.coolDownUntil : null;
  const times = [...retrying.map((i) => i.retryAt ?? ''), ...(cooling ? [cooling] : [])].filter(Boolean).sort();
  const latest = retrying.reduce<MtQueueItem | null>((a, i) => (a === null || (i.retryAt ?? '') > (a.retryAt ?? '') ? i : a), null);
  const nextRetryAt = times[0] ?? null;
  return { nextRetryAt, retryReason: nextRetryAt === null ? null : (latest?.reason ?? 'unknown') };
}

/**
 * What the queue holds per article and target locale (pairs with live or failed items only), sorted by slug and
 * locale: queued, in flight, retrying (with the earliest retry) and failed, with their reasons.
 */
export async function articleProgress(rt: MtRuntime, filter: Omit<MtItemFilter, 'jobId'> = {}): Promise<MtArticleProgress[]> {
  const items = (await rt.deps.mt.queue.items()).filter(
    (item) => (!filter.slug || item.slug === filter.slug) && (!filter.locale || item.locale === filter.locale),
  );
  return progressRows(items);
}

/** `items` counted per article and target locale (see `articleProgress`). */
export function progressRows(items: Iterable<MtQueueItem>): MtArticleProgress[] {
  type Acc = { slug: string; locale: Locale; queued: number; inFlight: number; retrying: number; failed: number; next: string | null };
  const rows = new Map<string, { acc: Acc; retryingReasons: Map<MtFailureReason, number>; failedReasons: Map<MtFailureReason, number> }>();
  for (const item of items) {
    const id = `${item.slug}\u0000${item.locale}`;
    let row = rows.get(id);
    if (!row) {
      row = {
        acc: { slug: item.slug, locale: item.locale, queued: 0, inFlight: 0, retrying: 0, failed: 0, next: null },
        retryingReasons: new Map(),
        failedReasons: new Map(),
      };
      rows.set(id, row);
    }
    const { acc } = row;
    const reason = item.reason ?? 'unknown';
    if (item.state === 'queued') acc.queued++;
    else if (item.state === 'in-flight') acc.inFlight++;
    else if (item.state === 'retrying') {
      acc.retrying++;
      if (item.retryAt && (acc.next === null || item.retryAt < acc.next)) acc.next = item.retryAt;
      row.retryingReasons.set(reason, (row.retryingReasons.get(reason) ?? 0) + 1);
    } else if (item.state === 'failed') {
      acc.failed++;
      row.failedReasons.set(reason, (row.failedReasons.get(reason) ?? 0) + 1);
    }
  }
  return [...rows.values()]
    .map(({ acc, retryingReasons, failedReasons }) => ({
      slug: acc.slug,
      locale: acc.locale,
      queued: acc.queued,
      inFlight: acc.inFlight,
      retrying: acc.retrying,
      nextRetryAt: acc.next,
      failed: acc.failed,
      retryingReasons: byCount(retryingReasons),
      failedReasons: byCount(failedReasons),
    }))
    .sort((a, b) => (a.slug === b.slug ? (a.locale < b.locale ? -1 : 1) : a.slug < b.slug ? -1 : 1));
}

function byCount(counts: ReadonlyMap<MtFailureReason, number>): MtReasonCount[] {
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
}

/**
 * One job's counts (or the whole queue's) with what every process's drains did for it (or for every job), and whether
 * a background worker drains the queue, here or in another process (MtJobReport, MtWorkerReport).
 */
export async function queueReport(rt: MtRuntime, jobId?: string): Promise<MtJobReport> {
  const c = await rt.deps.mt.queue.counts(jobId);
  return {
    done: c.done,
    failed: c.failed,
    remaining: c.queued + c.inFlight,
    inFlight: c.inFlight,
    retrying: c.retrying,
    working: rt.working || (await rt.deps.mt.workers.present()),
    ...(await rt.deps.mt.queue.tally(jobId)),
  };
}

/** The jobs with failed or retrying items matching `filter`, sorted, each with what the drains did for it so far. */
export async function failedJobs(rt: MtRuntime, filter: MtItemFilter): Promise<({ jobId: string } & MtJobTally)[]> {
  const locale = filter.locale ? canonicalLocale(filter.locale) : undefined;
  const ids = new Set(
    (await rt.deps.mt.queue.items(filter.jobId))
      .filter((i) => (i.state === 'failed' || i.state === 'retrying') && (!filter.slug || i.slug === filter.slug))
      .filter((i) => !locale || i.locale === locale)
      .map((i) => i.jobId),
  );
  return Promise.all([...ids].sort().map(async (jobId) => ({ jobId, ...(await rt.deps.mt.queue.tally(jobId)) })));
}
