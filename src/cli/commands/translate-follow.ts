import type { Locale } from '../../core/locale.ts';
import type { BlockedGlossary, DrainSummary, MtJobReport, MtJobTally } from '../../services/mt/index.ts';
import type { WritingServices } from '../../services/remote-services.ts';

/** How often the server is asked how far the jobs got, in milliseconds. */
const POLL_MS = 250;
/** Jobs whose counts did not move for this long are given up on (the server's worker is stuck or gone). */
const STALLED_MS = 5 * 60_000;

/** What following jobs through a server ended with: the summary a local drain prints, or why it was not waited for. */
export type FollowedJobs =
  | { readonly kind: 'summary'; readonly summary: DrainSummary }
  | { readonly kind: 'no-worker'; readonly remaining: number }
  | { readonly kind: 'stalled'; readonly remaining: number };

type Figures = Omit<MtJobReport, 'working'>;

/** The figures following counts from: the jobs' (or the queue's) drafts, requests, characters, failures and retries before. */
export type FollowBaseline = MtJobTally & Pick<MtJobReport, 'failed' | 'retrying'>;
const FIGURES = ['done', 'failed', 'remaining', 'inFlight', 'retrying', 'drafts', 'memoryDrafts', 'requests', 'characters'] as const;

/**
 * The jobs' reports added up, and whether every one comes from a process with a worker; with no job, the whole queue's
 * (a run that queued nothing waits for what the queue holds, as a local run drains it).
 */
async function reportOf(mt: WritingServices['mt'], jobIds: readonly string[]): Promise<Figures & { working: boolean }> {
  if (jobIds.length === 0) return mt.workerReport();
  const reports = await Promise.all(jobIds.map((id) => mt.jobReport(id)));
  const sum = Object.fromEntries(FIGURES.map((k) => [k, reports.reduce((n, r) => n + r[k], 0)])) as unknown as Figures;
  return { ...sum, working: reports.every((r) => r.working) };
}

/**
 * Wait for the server's worker to finish the items of some jobs (`tandem translate` beside a server: the job it queued,
 * and those of the failed items it put back), as a local drain waits for the queue: until none is queued or in flight,
 * or until the provider is off, paused or unauthorized, the jobs' work waits for a retry time, or the pairs it waits
 * on are blocked by a refused glossary. The summary is built from what the server reports (MtJobReport, counting
 * drafts, requests and characters from `since`, the jobs' figures before; MtStatus). A server without a worker (`serve --role web`) is not
 * waited for, nor one whose counts do not move for five minutes. `onProgress` gets the items settled so far of the `total` queued.
 */
export async function followJobs(
  mt: WritingServices['mt'],
  jobIds: readonly string[],
  since: FollowBaseline,
  total: number,
  locales: readonly Locale[],
  onProgress: (settled: number) => void,
): Promise<FollowedJobs> {
  let last = '';
  let movedAt = Date.now();
  for (;;) {
    const report = await reportOf(mt, jobIds);
    if (!report.working) return { kind: 'no-worker', remaining: report.remaining };
    onProgress(total - report.remaining);
    const status = await mt.status();
    const blocked = status.blockedGlossaries.filter((b) => locales.includes(b.targetLocale));
    const stoppedBy =
      status.state === 'off' || status.state === 'paused' || status.state === 'unauthorized'
        ? status.state
        : status.state === 'retrying' && report.inFlight === 0 && report.retrying > 0
          ? 'retrying'
          : null;
    if (report.remaining === 0 || stoppedBy !== null || (blocked.length > 0 && report.inFlight === 0)) {
      return { kind: 'summary', summary: summaryOf(report, since, report.remaining === 0 ? null : stoppedBy, blocked) };
    }
    const key = FIGURES.map((k) => report[k]).join('/');
    if (key !== last) {
      last = key;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > STALLED_MS) return { kind: 'stalled', remaining: report.remaining };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function summaryOf(
  report: Figures,
  since: FollowBaseline,
  stoppedBy: DrainSummary['stoppedBy'],
  blocked: readonly BlockedGlossary[],
): DrainSummary {
  return {
    requests: report.requests - since.requests,
    characters: report.characters - since.characters,
    drafts: report.drafts - since.drafts,
    memoryDrafts: report.memoryDrafts - since.memoryDrafts,
    failed: Math.max(0, report.failed - since.failed),
    retrying: Math.max(0, report.retrying - since.retrying),
    stoppedBy,
    // Items still queued while their pair's glossary is refused wait for it, as a local drain holds them back.
    blocked: blocked.length > 0 ? report.remaining : 0,
    blockedGlossaries: blocked,
  };
}
