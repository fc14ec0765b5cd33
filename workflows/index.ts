/** Every workflow the worker registers. Types only from activities/; no I/O here. */
export { interviewPipeline } from './interview-pipeline';
export { webhookDelivery } from './webhook-delivery';
export { webhookEvent } from './webhook-event';
export { retryAnalysis } from './retry-analysis';
export { reanalyzeRun } from './reanalyze-run';
export { analysisBatch } from './analysis-batch';
export { retention } from './retention';
export { retentionReconciler } from './retention-reconciler';
export { retentionRollout } from './retention-rollout';
export { interviewSession } from './session';
export { participantExport } from './participant-export';
export { erasure } from './erasure';
