// The public surface of machine translation: the queue facade and the types its callers use.
export { AUTO_APPROVE_NOTE } from './drafts.ts';
export { MAX_RERUN_BUDGET } from './reruns.ts';
export { createMtService, MtService } from './service.ts';
export { DEFAULT_RERUN_BUDGET, DEFAULT_REUSE_WITHIN_MS, MT_BACKOFF_DEFAULTS, MT_KEY_CHECK_STATES } from './types.ts';
export type { MtJobTally } from './job-tally.ts';
export type {
  AutoApproveRequest,
  BlockedGlossary,
  DraftRequest,
  DraftSink,
  DrainSummary,
  EnqueueInput,
  ExactMatch,
  MtArticleProgress,
  MtBackoffConfig,
  MtJobReport,
  MtWorkerReport,
  MtKeyCheck,
  MtKeyCheckState,
  MtLogger,
  MtProgress,
  MtReasonCount,
  MtRerunBudgetStatus,
  MtRetryConfig,
  MtServiceDeps,
  MtState,
  MtStatus,
  RetranslateInput,
  RetranslateResult,
} from './types.ts';
