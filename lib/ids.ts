/**
 * Every identifier Epilogue shares with Temporal and with the platform: task queues, workflow ids,
 * search attribute keys. Nothing else in the code base spells these strings.
 *
 * Workflow code imports this module, so it must stay free of Node built-ins and I/O.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Versioned so that a breaking change can drain the old queue while a new worker fleet polls the new one. */
export const DEFAULT_TASK_QUEUE = 'epilogue-v1';

/** CPU-bound work (ffmpeg) polls its own queue so its concurrency follows the cores, not the timers. */
export const mediaTaskQueue = (taskQueue: string): string => `${taskQueue}.media`;

/** Ids the platform creates (runs, organizations, sessions): safe inside workflow ids and blob keys. */
export const PLATFORM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const pipelineWorkflowId = (runId: string): string => `pipeline:${runId}`;

/** Deferred analysis retries of a run whose provider was down during its pipeline. */
export const analysisWorkflowId = (runId: string): string => `analysis:${runId}`;

/** One re-analysis request of a run (a new model or prompt); the previous results stay as versions. */
export const reanalysisWorkflowId = (runId: string, requestId: string): string =>
  `reanalysis:${runId}:${requestId}`;

/** One delivery workflow per webhook message; a resend is a new execution under the same id. */
export const webhookWorkflowId = (messageId: string): string => `webhook:${messageId}`;

/** Emits one event for a caller outside a workflow (the platform, tools); event keys hold ids only. */
export const webhookEventWorkflowId = (organizationId: string, eventKey: string): string =>
  `webhook-event:${organizationId}:${eventKey}`;

/** One workflow per live interview session; a restart is a new session id, hence a new workflow. */
export const sessionWorkflowId = (sessionId: string): string => `session:${sessionId}`;

/** The retention workflow of one run: its deadlines, legal hold and redaction (docs/retention.md). */
export const retentionWorkflowId = (runId: string): string => `retention:${runId}`;

/** Tells an organization's retention workflows that its policy or legal hold changed. */
export const retentionRolloutWorkflowId = (organizationId: string): string =>
  `retention-rollout:${organizationId}`;

/** One access export (a participant's data as a ZIP) until its file expires; ids only, never the subject. */
export const exportWorkflowId = (requestId: string): string => `export:${requestId}`;

/** A re-analysis of many runs of one organization through Claude's Message Batches API. */
export const analysisBatchWorkflowId = (organizationId: string, requestId: string): string =>
  `analysis-batch:${organizationId}:${requestId}`;

/**
 * One erasure request: every run of a participant (or one run) of an organization, its rows,
 * files and workflow histories. The request id is random or derived from a keyed hash, never the
 * subject (docs/privacy.md).
 */
export const erasureWorkflowId = (requestId: string): string => `erasure:${requestId}`;

/** The Temporal Schedule that starts the retention reconciler (runs without a retention workflow). */
export const RETENTION_RECONCILER_SCHEDULE_ID = 'retention-reconciler';

/** The workflow type names are part of the public contract (docs/workflow-contract.md). */
export const workflowTypes = {
  retention: 'retention',
  retentionReconciler: 'retentionReconciler',
  retentionRollout: 'retentionRollout',
  interviewPipeline: 'interviewPipeline',
  retryAnalysis: 'retryAnalysis',
  reanalyzeRun: 'reanalyzeRun',
  analysisBatch: 'analysisBatch',
  webhookDelivery: 'webhookDelivery',
  webhookEvent: 'webhookEvent',
  interviewSession: 'interviewSession',
  erasure: 'erasure',
  participantExport: 'participantExport',
} as const;

/**
 * Custom search attributes. They carry ids and states only, never personal data.
 * Registered on the dev server by `epilogue dev` and the test setup.
 */
export const searchAttributes = {
  organizationId: defineSearchAttributeKey('OrganizationId', SearchAttributeType.KEYWORD),
  /** `RunId` is Temporal's own (the workflow run id) and cannot be set, hence the prefix. */
  runId: defineSearchAttributeKey('InterviewRunId', SearchAttributeType.KEYWORD),
  pipelineStage: defineSearchAttributeKey('PipelineStage', SearchAttributeType.KEYWORD),
  runStatus: defineSearchAttributeKey('RunStatus', SearchAttributeType.KEYWORD),
  /** A live session's status (`active`, `paused`, ... `abandoned`), for operators' lists. */
  sessionStatus: defineSearchAttributeKey('SessionStatus', SearchAttributeType.KEYWORD),
} as const;

export const allSearchAttributeKeys = Object.values(searchAttributes);
