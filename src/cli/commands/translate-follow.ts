import type { Locale } from '../../core/locale.ts';
import type { BlockedGlossary, DrainSummary, MtJobReport } from '../../services/mt/index.ts';
import type { WritingServices } from '../../services/remote-services.ts';

/** How often the server is asked how far the job got, in milliseconds. */
const POLL_MS = 250;
/** A job whose counts did not move for this long is given up on (the server's worker is stuck or gone). */
const STALLED_MS = 5 * 60_000;

/** What following a job through a server ended with: the summary a local drain prints, or why it was not waited for. */
export type FollowedJob =
  | { readonly kind: 'summary'; readonly summary: DrainSummary }
  | { readonly kind: 'no-worker'; readonly remaining: number }
  | { readonly kind: 'stalled'; readonly remaining: number };

/**
 * Wait for the server's worker to finish the items of one job (`tandem translate` beside a server), as a local drain
 * waits for the queue: until none is queued or in flight, or until the provider is off, paused or unauthorized, the
 * job's work waits for a retry time, or the pairs it waits on are blocked by a refused glossary; then the summary is
 * built from what the server reports (MtJobReport, MtStatus). A server without a worker (`serve --role web`) is not
 * waited for, nor one whose counts do not move for five minutes. `onProgress` gets the items settled so far.
 */
export async function followJob(
  mt: WritingServices['mt'],
  jobId: string,
  locales: readonly Locale[],
  onProgress: (settled: number) => void,
): Promise<FollowedJob> {
  let last = '';
  let movedAt = Date.now();
  for (;;) {
    const report = await mt.jobReport(jobId);
    if (!report.working) return { kind: 'no-worker', remaining: report.remaining };
    onProgress(report.done + report.failed + report.retrying);
    const status = await mt.status();
    const blocked = status.blockedGlossaries.filter((b) => locales.includes(b.targetLocale));
    const stoppedBy =
      status.state === 'off' || status.state === 'paused' || status.state === 'unauthorized'
        ? status.state
        : status.state === 'retrying' && report.inFlight === 0 && report.retrying > 0
          ? 'retrying'
          : null;
    if (report.remaining === 0 || stoppedBy !== null || (blocked.length > 0 && report.inFlight === 0)) {
      return { kind: 'summary', summary: summaryOf(report, report.remaining === 0 ? null : stoppedBy, blocked) };
    }
    const key = `${report.done}/${report.failed}/${report.retrying}/${report.remaining}/${report.inFlight}`;
    if (key !== last) {
      last = key;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > STALLED_MS) return { kind: 'stalled', remaining: report.remaining };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function summaryOf(report: MtJobReport, stoppedBy: DrainSummary['stoppedBy'], blocked: readonly BlockedGlossary[]): DrainSummary {
  return {
    requests: report.requests,
    characters: report.characters,
    drafts: report.drafts,
    memoryDrafts: report.memoryDrafts,
    failed: report.failed,
    retrying: report.retrying,
    stoppedBy,
    // Items still queued while their pair's glossary is refused wait for it, as a local drain holds them back.
    blocked: blocked.length > 0 ? report.remaining : 0,
    blockedGlossaries: blocked,
  };
}
