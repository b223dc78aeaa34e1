// The public surface of machine translation: the queue facade and the types its callers use.
export { AUTO_APPROVE_NOTE } from './drafts.ts';
export { createMtService, MtService } from './service.ts';
export type {
  AutoApproveRequest,
  BlockedGlossary,
  DraftRequest,
  DraftSink,
  DrainSummary,
  EnqueueInput,
  ExactMatch,
  MtLogger,
  MtProgress,
  MtRetryConfig,
  MtServiceDeps,
  MtState,
  MtStatus,
  RetranslateInput,
  RetranslateResult,
} from './types.ts';
